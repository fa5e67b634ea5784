<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
    <context>
        <name>AppMenus</name>
        <message numerus="yes">
            <source>It holds %n workspace(s)</source>
            <translation>
                <numerusform>It holds %n workspace</numerusform>
                <numerusform>It holds %n workspaces</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>and %n provider config(s), all readable with the current key.</source>
            <translation>
                <numerusform>and %n provider config, all readable with the current key.</numerusform>
                <numerusform>and %n provider configs, all readable with the current key.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>BusyRow</name>
        <message numerus="yes">
            <source>Waiting for the provider… %n s</source>
            <translation>
                <numerusform>Waiting for the provider… %n s</numerusform>
                <numerusform>Waiting for the provider… %n s</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n s</source>
            <translation>
                <numerusform>%n s</numerusform>
                <numerusform>%n s</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>KeysSection</name>
        <message numerus="yes">
            <source>It will re-encrypt %n stored provider config(s) with the new key.</source>
            <translation>
                <numerusform>It will re-encrypt %n stored provider config with the new key.</numerusform>
                <numerusform>It will re-encrypt %n stored provider configs with the new key.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ProvidersViewModel</name>
        <message numerus="yes">
            <source>%n model(s) available.</source>
            <translation>
                <numerusform>%n model available.</numerusform>
                <numerusform>%n models available.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Removed {provider}; cleared %n default model(s).</source>
            <translation>
                <numerusform>Removed {provider}; cleared %n default model.</numerusform>
                <numerusform>Removed {provider}; cleared %n default models.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Re-checked %n key.</source>
            <translation>
                <numerusform>Re-checked %n key.</numerusform>
                <numerusform>Re-checked %n key.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Re-checked %n keys.</source>
            <translation>
                <numerusform>Re-checked %n keys.</numerusform>
                <numerusform>Re-checked %n keys.</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Schedule</name>
        <message numerus="yes">
            <source>Every %n hours</source>
            <translation>
                <numerusform>Every hour</numerusform>
                <numerusform>Every %n hours</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Time</name>
        <message numerus="yes">
            <source>%n minute(s) ago</source>
            <extracomment>``wording.relative_time``'s plural phrases (it reaches Qt through a helper lupdate cannot follow).</extracomment>
            <translation>
                <numerusform>%n minute ago</numerusform>
                <numerusform>%n minutes ago</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n hour(s) ago</source>
            <translation>
                <numerusform>%n hour ago</numerusform>
                <numerusform>%n hours ago</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n day(s) ago</source>
            <translation>
                <numerusform>%n day ago</numerusform>
                <numerusform>%n days ago</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n month(s) ago</source>
            <translation>
                <numerusform>%n month ago</numerusform>
                <numerusform>%n months ago</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n year(s) ago</source>
            <translation>
                <numerusform>%n year ago</numerusform>
                <numerusform>%n years ago</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>WorkspaceSwitcher</name>
        <message numerus="yes">
            <source>%n provider configuration(s) (with their encrypted keys and model lists)</source>
            <translation>
                <numerusform>%n provider configuration (with their encrypted keys and model lists)</numerusform>
                <numerusform>%n provider configurations (with their encrypted keys and model lists)</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n default model choice(s)</source>
            <translation>
                <numerusform>%n default model choice</numerusform>
                <numerusform>%n default model choices</numerusform>
            </translation>
        </message>
    </context>
</TS>
