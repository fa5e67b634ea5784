; Inno Setup 6 script for the Windows installer of ModelHub.
;
; Built by .github/workflows/release.yml on a Windows runner, after `python packaging/build.py`
; has made packaging\dist\modelhub (PyInstaller one-folder: modelhub.exe for the window,
; modelhub-cli.exe for the command line, _internal\ for the rest):
;
;   iscc /DAppVersion=0.1.0 packaging\windows\modelhub.iss
;
; Output: packaging\dist\modelhub-<version>-windows-x64-setup.exe
;
; Upgrades: the AppId never changes, so a newer installer replaces the files in place. User data
; (database, generated key, logs) lives in %LOCALAPPDATA%\ModelHub, outside {app}, and neither an
; upgrade nor the uninstaller touches it.
;
; NOT BUILT OR TESTED on the Linux machines this project is developed on; see packaging/README.md.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z modelhub.iss
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\modelhub"
#endif

[Setup]
AppId={{6E1B0D0C-3C55-4B7B-9A8E-4D0F1C5A7E21}
AppName=ModelHub
AppVersion={#AppVersion}
AppVerName=ModelHub {#AppVersion}
AppPublisher=ModelHub developers
AppPublisherURL=https://github.com/modelhub/modelhub
DefaultDirName={autopf}\ModelHub
DefaultGroupName=ModelHub
DisableProgramGroupPage=yes
; Per-user install without admin rights is offered; admins can install for everyone.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=..\dist
OutputBaseFilename=modelhub-{#AppVersion}-windows-x64-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\modelhub.exe
UninstallDisplayName=ModelHub {#AppVersion}
ChangesEnvironment=yes
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add the modelhub-cli command to PATH"; GroupDescription: "Command line:"

[Files]
; The whole one-folder build; files left over from an older version are removed first so that
; a removed dependency cannot linger next to the new ones.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\ModelHub"; Filename: "{app}\modelhub.exe"
Name: "{autodesktop}\ModelHub"; Filename: "{app}\modelhub.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\modelhub.exe"; Description: "{cm:LaunchProgram,ModelHub}"; Flags: nowait postinstall skipifsilent

[Code]
const
  UserEnvKey = 'Environment';
  SystemEnvKey = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment';

function EnvRoot: Integer;
begin
  if IsAdminInstallMode then Result := HKEY_LOCAL_MACHINE else Result := HKEY_CURRENT_USER;
end;

function EnvKey: String;
begin
  if IsAdminInstallMode then Result := SystemEnvKey else Result := UserEnvKey;
end;

function PathContains(const Paths, Dir: String): Boolean;
begin
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Paths) + ';') > 0;
end;

procedure AddToPath(const Dir: String);
var
  Paths: String;
begin
  if not RegQueryStringValue(EnvRoot, EnvKey, 'Path', Paths) then Paths := '';
  if PathContains(Paths, Dir) then exit;
  if (Paths <> '') and (Copy(Paths, Length(Paths), 1) <> ';') then Paths := Paths + ';';
  RegWriteExpandStringValue(EnvRoot, EnvKey, 'Path', Paths + Dir);
end;

procedure RemoveFromPath(const Dir: String);
var
  Paths: String;
  P: Integer;
begin
  if not RegQueryStringValue(EnvRoot, EnvKey, 'Path', Paths) then exit;
  P := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Paths) + ';');
  if P = 0 then exit;
  Delete(Paths, P, Length(Dir) + 1);
  if (Length(Paths) > 0) and (Copy(Paths, Length(Paths), 1) = ';') then
    Delete(Paths, Length(Paths), 1);
  RegWriteExpandStringValue(EnvRoot, EnvKey, 'Path', Paths);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if (CurStep = ssPostInstall) and WizardIsTaskSelected('addtopath') then
    AddToPath(ExpandConstant('{app}'));
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
    RemoveFromPath(ExpandConstant('{app}'));
end;
