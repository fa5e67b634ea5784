<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>About</name>
        <message>
            <source>ModelHub {version}</source>
            <extracomment>The repository's top folder when running from a source checkout.</extracomment>
            <translation>ModelHub {version}</translation>
        </message>
        <message>
            <source>Keys, validation and default models of LLM providers, per workspace.</source>
            <translation>按工作区管理 LLM 提供商的密钥、验证和默认模型。</translation>
        </message>
        <message>
            <source>Qt {version}</source>
            <translation>Qt {version}</translation>
        </message>
        <message>
            <source>PySide6 {version}</source>
            <translation>PySide6 {version}</translation>
        </message>
        <message>
            <source>Python {version}</source>
            <translation>Python {version}</translation>
        </message>
        <message>
            <source>Licence: {licence}</source>
            <translation>许可证：{licence}</translation>
        </message>
        <message>
            <source>Licence: not yet declared</source>
            <translation>许可证：尚未声明</translation>
        </message>
    </context>
    <context>
        <name>AddModelDialog</name>
        <message>
            <source>Add model</source>
            <translation>添加模型</translation>
        </message>
        <message>
            <source>Add a model the provider does not list, such as a fine-tune or a deployment name. It is kept across refreshes and marked as added by hand.</source>
            <translation>添加提供商未列出的模型，例如微调模型或部署名称。刷新后仍会保留，并标记为手动添加。</translation>
        </message>
        <message>
            <source>The id the provider's API takes</source>
            <translation>提供商 API 使用的模型 ID</translation>
        </message>
        <message>
            <source>Optional, e.g. 128K</source>
            <translation>可选，例如 128K</translation>
        </message>
        <message>
            <source>Optional, e.g. 16K</source>
            <translation>可选，例如 16K</translation>
        </message>
        <message>
            <source>&amp;Provider:</source>
            <translation>提供商(&amp;P)：</translation>
        </message>
        <message>
            <source>Model &amp;id:</source>
            <translation>模型 ID(&amp;I)：</translation>
        </message>
        <message>
            <source>&amp;Type:</source>
            <translation>类型(&amp;T)：</translation>
        </message>
        <message>
            <source>Capabilities:</source>
            <translation>能力：</translation>
        </message>
        <message>
            <source>&amp;Context length:</source>
            <translation>上下文长度(&amp;C)：</translation>
        </message>
        <message>
            <source>&amp;Max output:</source>
            <translation>最大输出(&amp;M)：</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>添加</translation>
        </message>
        <message>
            <source>Configure a provider first, then add models to it.</source>
            <translation>请先配置提供商，再为其添加模型。</translation>
        </message>
    </context>
    <context>
        <name>AppMenus</name>
        <message>
            <source>&amp;Backup…</source>
            <translation>备份(&amp;B)…</translation>
        </message>
        <message>
            <source>Save a copy of the database (keys stay encrypted)</source>
            <translation>保存数据库副本（密钥保持加密）</translation>
        </message>
        <message>
            <source>&amp;Restore…</source>
            <translation>恢复(&amp;R)…</translation>
        </message>
        <message>
            <source>Replace the database with a backup (the current one is kept beside it)</source>
            <translation>用备份替换数据库（当前数据库会保留在旁边）</translation>
        </message>
        <message>
            <source>Coming with team mode</source>
            <translation>将随团队模式推出</translation>
        </message>
        <message>
            <source>&amp;Export…</source>
            <translation>导出(&amp;E)…</translation>
        </message>
        <message>
            <source>&amp;Import…</source>
            <translation>导入(&amp;I)…</translation>
        </message>
        <message>
            <source>&amp;Documentation</source>
            <translation>文档(&amp;D)</translation>
        </message>
        <message>
            <source>&amp;Where is my data?</source>
            <translation>我的数据在哪里？(&amp;W)</translation>
        </message>
        <message>
            <source>&amp;About ModelHub</source>
            <translation>关于 ModelHub(&amp;A)</translation>
        </message>
        <message>
            <source>Backup</source>
            <translation>备份</translation>
        </message>
        <message>
            <source>No backup was made.</source>
            <translation>未进行备份。</translation>
        </message>
        <message>
            <source>Restore</source>
            <translation>恢复</translation>
        </message>
        <message>
            <source>Nothing was restored.</source>
            <translation>未恢复任何内容。</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>Back up the database</source>
            <translation>备份数据库</translation>
        </message>
        <message>
            <source>SQLite database (*.db);;All files (*)</source>
            <translation>SQLite 数据库 (*.db);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Restore a backup</source>
            <translation>恢复备份</translation>
        </message>
        <message>
            <source>Documentation</source>
            <translation>文档</translation>
        </message>
        <message>
            <source>This build carries no documentation; see the project's README.</source>
            <translation>此版本未附带文档，请参阅项目的 README。</translation>
        </message>
        <message>
            <source>Could not open {target}.</source>
            <translation>无法打开 {target}。</translation>
        </message>
        <message>
            <source>The database is still being opened.</source>
            <translation>数据库仍在打开中。</translation>
        </message>
        <message>
            <source>Where is my data?</source>
            <translation>我的数据在哪里？</translation>
        </message>
        <message>
            <source>Where ModelHub keeps things</source>
            <translation>ModelHub 的文件存放位置</translation>
        </message>
        <message>
            <source>About ModelHub</source>
            <translation>关于 ModelHub</translation>
        </message>
        <message numerus="yes">
            <source>It holds %n workspace(s)</source>
            <translation>
                <numerusform>其中有 %n 个工作区</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>and %n provider config(s), all readable with the current key.</source>
            <translation>
                <numerusform>以及 %n 个提供商配置，均可用当前密钥读取。</numerusform>
            </translation>
        </message>
        <message>
            <source>The database in use is replaced; a copy of it is kept beside it first.</source>
            <translation>正在使用的数据库将被替换；替换前会先在旁边保留一份副本。</translation>
        </message>
        <message>
            <source>Restore the backup {path}?</source>
            <translation>要恢复备份 {path} 吗？</translation>
        </message>
        <message>
            <source>The backup was restored.</source>
            <translation>备份已恢复。</translation>
        </message>
        <message>
            <source>The database as it was before is kept at {path}.</source>
            <translation>恢复前的数据库保留在 {path}。</translation>
        </message>
        <message>
            <source>Backed up the database to {path}.</source>
            <translation>已将数据库备份到 {path}。</translation>
        </message>
        <message>
            <source>The copy holds encrypted provider keys only: keep the encryption key as well, or the copy cannot be read.</source>
            <translation>副本中只有加密后的提供商密钥：请同时保管好加密密钥，否则无法读取副本。</translation>
        </message>
    </context>
    <context>
        <name>AppShell</name>
        <message>
            <source>ModelHub cannot start: {message}</source>
            <extracomment>How long ``--smoke-test`` keeps the window open before closing it.</extracomment>
            <translation>ModelHub 无法启动：{message}</translation>
        </message>
        <message>
            <source>Opening the database…</source>
            <extracomment>Top-level packages in this process that can use PySide6 (and so PySide6's ``__feature__``).</extracomment>
            <translation>正在打开数据库…</translation>
        </message>
    </context>
    <context>
        <name>AppearanceSection</name>
        <message>
            <source>Appearance</source>
            <translation>外观</translation>
        </message>
        <message>
            <source>Theme</source>
            <translation>主题</translation>
        </message>
        <message>
            <source>&amp;Theme:</source>
            <translation>主题(&amp;T)：</translation>
        </message>
        <message>
            <source>“System” follows the desktop's light or dark setting.</source>
            <translation>“跟随系统”会沿用桌面的浅色或深色设置。</translation>
        </message>
    </context>
    <context>
        <name>Balance</name>
        <message>
            <source>{amount} used</source>
            <extracomment>Currencies shown by their symbol; any other is shown by its ISO code after the amount.</extracomment>
            <translation>已用 {amount}</translation>
        </message>
        <message>
            <source>Balance: {amount}</source>
            <translation>余额：{amount}</translation>
        </message>
        <message>
            <source>No limit set on this key</source>
            <translation>此密钥未设置额度上限</translation>
        </message>
        <message>
            <source>No limit set · {used}</source>
            <translation>未设上限 · {used}</translation>
        </message>
        <message>
            <source>{left} left of {limit} limit</source>
            <translation>额度 {limit}，剩余 {left}</translation>
        </message>
        <message>
            <source>{text} · {used}</source>
            <translation>{text} · {used}</translation>
        </message>
        <message>
            <source>Usage: {amount}</source>
            <translation>用量：{amount}</translation>
        </message>
        <message>
            <source>Balance not reported by this provider</source>
            <translation>此提供商不提供余额信息</translation>
        </message>
        <message>
            <source>Low balance: below {threshold}</source>
            <translation>余额不足：低于 {threshold}</translation>
        </message>
        <message>
            <source>Low balance</source>
            <translation>余额不足</translation>
        </message>
        <message>
            <source>Fetched {when}</source>
            <extracomment>The running test/validation/save task of each provider (Cancel stops it). Providers whose check the person cancelled (not the window closing). The last successful Test connection per provider: (fingerprint of the exact values tested, when, result). Memory only; the fingerprint is a salted hash, never the key itself. Keys that turned bad, per workspace id then provider; kept until a check of that provider succeeds (or it is removed). Workspaces whose status-bar notice was dismissed (a new notice shows it again).</extracomment>
            <translation>{when}获取</translation>
        </message>
    </context>
    <context>
        <name>BusyRow</name>
        <message>
            <source>Waiting for the provider</source>
            <extracomment>A check quicker than this never shows the row (no flicker on a fast provider). How often the elapsed seconds are redrawn.</extracomment>
            <translation>正在等待提供商</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Cancel check</source>
            <translation>取消检查</translation>
        </message>
        <message>
            <source>Cancel the check</source>
            <translation>取消检查</translation>
        </message>
        <message numerus="yes">
            <source>Waiting for the provider… %n s</source>
            <translation>
                <numerusform>正在等待提供商… %n 秒</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n s</source>
            <translation>
                <numerusform>%n 秒</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>Capability</name>
        <message>
            <source>Vision</source>
            <translation>视觉</translation>
        </message>
        <message>
            <source>Tools</source>
            <translation>工具调用</translation>
        </message>
        <message>
            <source>Reasoning</source>
            <translation>推理</translation>
        </message>
        <message>
            <source>Structured output</source>
            <translation>结构化输出</translation>
        </message>
        <message>
            <source>Audio input</source>
            <translation>音频输入</translation>
        </message>
    </context>
    <context>
        <name>Catalog</name>
        <message>
            <source>The {what} must be a whole number of tokens.</source>
            <translation>{what}必须是整数个 token。</translation>
        </message>
        <message>
            <source>Type it as 128000 or 128K, or leave it empty.</source>
            <translation>请填写如 128000 或 128K，或留空。</translation>
        </message>
        <message>
            <source>{label}: refresh failed — {error}</source>
            <translation>{label}：刷新失败 — {error}</translation>
        </message>
        <message>
            <source>{label}: no changes (1 model)</source>
            <translation>{label}：无变化（1 个模型）</translation>
        </message>
        <message>
            <source>{label}: no changes ({n} models)</source>
            <translation>{label}：无变化（{n} 个模型）</translation>
        </message>
        <message>
            <source>+1 model</source>
            <translation>新增 1 个模型</translation>
        </message>
        <message>
            <source>+{n} models</source>
            <translation>新增 {n} 个模型</translation>
        </message>
        <message>
            <source>a model</source>
            <translation>一个模型</translation>
        </message>
        <message>
            <source>{model} was your {type} default</source>
            <translation>{model} 曾是您的默认{type}模型</translation>
        </message>
        <message>
            <source>free</source>
            <translation>免费</translation>
        </message>
        <message>
            <source>{price} in</source>
            <translation>输入 {price}</translation>
        </message>
        <message>
            <source>{price} out</source>
            <translation>输出 {price}</translation>
        </message>
        <message>
            <source>{input} in / {output} out</source>
            <translation>输入 {input} / 输出 {output}</translation>
        </message>
        <message>
            <source>Set by you when the model was added.</source>
            <translation>由您在添加模型时设置。</translation>
        </message>
        <message>
            <source>Corrected by you.</source>
            <translation>已由您修正。</translation>
        </message>
        <message>
            <source>From the provider's model list.</source>
            <translation>来自提供商的模型列表。</translation>
        </message>
        <message>
            <source>Guessed from the model id (the provider does not say); correct it if wrong.</source>
            <translation>根据模型 ID 推测（提供商未说明）；如有错误请修正。</translation>
        </message>
        <message>
            <source>Not known: the provider does not say.</source>
            <translation>未知：提供商未说明。</translation>
        </message>
        <message>
            <source>Not checked</source>
            <translation>未检查</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>正常</translation>
        </message>
        <message>
            <source>OK · {ms} ms</source>
            <translation>正常 · {ms} 毫秒</translation>
        </message>
        <message>
            <source>no answer</source>
            <translation>无响应</translation>
        </message>
        <message>
            <source>Failed: {error}</source>
            <translation>失败：{error}</translation>
        </message>
        <message>
            <source>Not checked yet. Check sends one small, billed request.</source>
            <translation>尚未检查。检查会发送一次计费的小请求。</translation>
        </message>
        <message>
            <source>Checked {time} ({ago}).</source>
            <translation>检查于 {time}（{ago}）。</translation>
        </message>
        <message>
            <source>Enabled</source>
            <translation>已启用</translation>
        </message>
        <message>
            <source>Disabled</source>
            <translation>已停用</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>正在检查…</translation>
        </message>
        <message>
            <source>Added by hand: kept across refreshes; you can remove it.</source>
            <translation>手动添加：刷新后仍保留，可以删除。</translation>
        </message>
        <message>
            <source>Listed by the provider (fetched {time}).</source>
            <translation>由提供商列出（获取于 {time}）。</translation>
        </message>
        <message>
            <source>Disabled: not offered as a default model.</source>
            <translation>已停用：不作为默认模型候选。</translation>
        </message>
        <message>
            <source>Not known.</source>
            <translation>未知。</translation>
        </message>
        <message>
            <source>{n} tokens</source>
            <translation>{n} 个 token</translation>
        </message>
        <message>
            <source>(corrected by you)</source>
            <translation>（已由您修正）</translation>
        </message>
        <message>
            <source>Per 1M tokens, in {currency}.</source>
            <translation>每百万 token，单位 {currency}。</translation>
        </message>
        <message>
            <source>Per 1M tokens.</source>
            <translation>每百万 token。</translation>
        </message>
        <message>
            <source>Offered as a default model. Clear to disable.</source>
            <translation>可作为默认模型。取消勾选即停用。</translation>
        </message>
        <message>
            <source>Disabled: stays listed but is not offered as a default model.</source>
            <translation>已停用：仍会列出，但不作为默认模型候选。</translation>
        </message>
        <message>
            <source>A check of this model is running.</source>
            <translation>正在检查此模型。</translation>
        </message>
    </context>
    <context>
        <name>CatalogDelegate</name>
        <message>
            <source>{model}  · Added by hand</source>
            <translation>{model}  · 手动添加</translation>
        </message>
    </context>
    <context>
        <name>CatalogTableModel</name>
        <message>
            <source>Model</source>
            <extracomment>Column titles (marked for translation; translated when shown).</extracomment>
            <translation>模型</translation>
        </message>
        <message>
            <source>Provider</source>
            <translation>提供商</translation>
        </message>
        <message>
            <source>Type</source>
            <translation>类型</translation>
        </message>
        <message>
            <source>Enabled</source>
            <translation>已启用</translation>
        </message>
        <message>
            <source>Last check</source>
            <translation>上次检查</translation>
        </message>
        <message>
            <source>Capabilities</source>
            <translation>能力</translation>
        </message>
        <message>
            <source>Context</source>
            <translation>上下文</translation>
        </message>
        <message>
            <source>Max output</source>
            <translation>最大输出</translation>
        </message>
        <message>
            <source>Price per 1M tokens</source>
            <translation>每百万 token 价格</translation>
        </message>
    </context>
    <context>
        <name>CatalogViewModel</name>
        <message>
            <source>Last refresh: {when}</source>
            <extracomment>"Last refresh: 4 minutes ago" is re-worded this often.</extracomment>
            <translation>上次刷新：{when}</translation>
        </message>
        <message>
            <source>No models yet: configure a provider, then refresh.</source>
            <translation>还没有模型：请先配置提供商，然后刷新。</translation>
        </message>
        <message>
            <source>1 model</source>
            <translation>1 个模型</translation>
        </message>
        <message>
            <source>{n} models</source>
            <translation>{n} 个模型</translation>
        </message>
        <message>
            <source>{shown} of {total} models</source>
            <translation>显示 {shown} / 共 {total} 个模型</translation>
        </message>
        <message>
            <source>{n} disabled</source>
            <translation>{n} 个已停用</translation>
        </message>
        <message>
            <source>context length</source>
            <translation>上下文长度</translation>
        </message>
        <message>
            <source>max output</source>
            <translation>最大输出</translation>
        </message>
        <message>
            <source>{model} added to {provider}.</source>
            <translation>已将 {model} 添加到 {provider}。</translation>
        </message>
        <message>
            <source>{model} removed from {provider}.</source>
            <translation>已从 {provider} 删除 {model}。</translation>
        </message>
        <message>
            <source>{model} is no longer in the catalog.</source>
            <translation>{model} 已不在模型目录中。</translation>
        </message>
        <message>
            <source>Saved the corrections of {model}.</source>
            <translation>已保存对 {model} 的修正。</translation>
        </message>
        <message>
            <source>{model} shows the provider's values again.</source>
            <translation>{model} 已恢复为提供商提供的值。</translation>
        </message>
        <message>
            <source>{model} enabled.</source>
            <translation>已启用 {model}。</translation>
        </message>
        <message>
            <source>{model} disabled: it is no longer offered as a default.</source>
            <translation>已停用 {model}：它不再作为默认模型候选。</translation>
        </message>
        <message>
            <source>{n} models enabled.</source>
            <translation>已启用 {n} 个模型。</translation>
        </message>
        <message>
            <source>{n} models disabled: they are no longer offered as defaults.</source>
            <translation>已停用 {n} 个模型：它们不再作为默认模型候选。</translation>
        </message>
        <message>
            <source>{label}: not refreshed — {message}</source>
            <translation>{label}：未刷新 — {message}</translation>
        </message>
        <message>
            <source>No providers configured: nothing to refresh.</source>
            <translation>尚未配置提供商：没有可刷新的内容。</translation>
        </message>
        <message>
            <source>Refresh done.</source>
            <translation>刷新完成。</translation>
        </message>
        <message>
            <source>Refresh failed: {message}</source>
            <translation>刷新失败：{message}</translation>
        </message>
    </context>
    <context>
        <name>CheckProgress</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Cancel the health checks</source>
            <translation>取消健康检查</translation>
        </message>
    </context>
    <context>
        <name>ConfigDialog</name>
        <message>
            <source>Leave empty to keep the stored key</source>
            <translation>留空则保留已保存的密钥</translation>
        </message>
        <message>
            <source>Leave empty to keep the stored value</source>
            <translation>留空则保留已保存的值</translation>
        </message>
        <message>
            <source>Add a custom OpenAI-compatible provider</source>
            <translation>添加自定义 OpenAI 兼容提供商</translation>
        </message>
        <message>
            <source>Edit {provider}</source>
            <translation>编辑 {provider}</translation>
        </message>
        <message>
            <source>Add {provider}</source>
            <translation>添加 {provider}</translation>
        </message>
        <message>
            <source>&lt;b&gt;Custom OpenAI-compatible provider&lt;/b&gt;&lt;br&gt;Your own gateway or server that speaks OpenAI's API: ModelHub lists its models from GET /models.</source>
            <translation>&lt;b&gt;自定义 OpenAI 兼容提供商&lt;/b&gt;&lt;br&gt;您自己的、兼容 OpenAI API 的网关或服务器：ModelHub 通过 GET /models 获取其模型列表。</translation>
        </message>
        <message>
            <source>Result</source>
            <translation>结果</translation>
        </message>
        <message>
            <source>Test connection</source>
            <translation>测试连接</translation>
        </message>
        <message>
            <source>Save anyway</source>
            <translation>仍然保存</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Save anyway without a successful check</source>
            <translation>未通过检查也保存</translation>
        </message>
        <message>
            <source>Get a key</source>
            <translation>获取密钥</translation>
        </message>
        <message>
            <source>Website</source>
            <translation>官网</translation>
        </message>
        <message>
            <source>Balance</source>
            <translation>余额</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>正在检查…</translation>
        </message>
        <message>
            <source>Check cancelled. Nothing was saved.</source>
            <translation>检查已取消，未保存任何内容。</translation>
        </message>
        <message>
            <source>Not saved.</source>
            <translation>未保存。</translation>
        </message>
        <message>
            <source>The provider said: {message}</source>
            <translation>提供商返回：{message}</translation>
        </message>
        <message>
            <source>X-Team: research</source>
            <translation>X-Team: 研究部</translation>
        </message>
        <message>
            <source>my-model = llm</source>
            <translation>我的模型 = llm</translation>
        </message>
        <message>
            <source>Paste the key</source>
            <translation>粘贴密钥</translation>
        </message>
        <message>
            <source>Optional</source>
            <translation>可选</translation>
        </message>
        <message>
            <source>Show key</source>
            <translation>显示密钥</translation>
        </message>
        <message>
            <source>Hide key</source>
            <translation>隐藏密钥</translation>
        </message>
    </context>
    <context>
        <name>Confirm</name>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>OK</source>
            <translation>确定</translation>
        </message>
        <message>
            <source>A name cannot be empty.</source>
            <translation>名称不能为空。</translation>
        </message>
    </context>
    <context>
        <name>DataViewModel</name>
        <message>
            <source>Data folder: {path}</source>
            <extracomment>Key stores ModelHub writes itself (so it can rotate their key); the others are the user's.</extracomment>
            <translation>数据文件夹：{path}</translation>
        </message>
        <message>
            <source>Log folder: {path}</source>
            <translation>日志文件夹：{path}</translation>
        </message>
        <message>
            <source>The database is still being opened.</source>
            <translation>数据库仍在打开中。</translation>
        </message>
        <message>
            <source>Database: {label}</source>
            <translation>数据库：{label}</translation>
        </message>
        <message>
            <source>Encryption key: id {kid}, kept in {location}</source>
            <translation>加密密钥：ID {kid}，保存在{location}</translation>
        </message>
        <message>
            <source>Back up the database and the key: the saved provider keys cannot be decrypted without it.</source>
            <translation>请同时备份数据库和加密密钥：没有它，已保存的提供商密钥将无法解密。</translation>
        </message>
        <message>
            <source>ModelHub is still opening its database.</source>
            <translation>ModelHub 仍在打开数据库。</translation>
        </message>
        <message>
            <source>The encryption key comes from the {source}, which ModelHub does not change.

To rotate it yourself: generate a new key (openssl rand -hex 32), set ENCRYPTION_KEY to the new key and ENCRYPTION_KEY_PREVIOUS to the old one, start ModelHub again and run: modelhub keys rotate</source>
            <translation>加密密钥来自{source}，ModelHub 不会修改它。

如需自行轮换：生成新密钥（openssl rand -hex 32），将 ENCRYPTION_KEY 设为新密钥、ENCRYPTION_KEY_PREVIOUS 设为旧密钥，重新启动 ModelHub 并运行：modelhub keys rotate</translation>
        </message>
        <message>
            <source>Re-encrypted {done} of {total} configs under key {kid}.</source>
            <translation>已用密钥 {kid} 重新加密 {done} / {total} 个配置。</translation>
        </message>
    </context>
    <context>
        <name>DefaultModelsView</name>
        <message>
            <source>Default {type} model</source>
            <translation>默认{type}模型</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清除</translation>
        </message>
        <message>
            <source>Clear the default {type} model</source>
            <translation>清除默认{type}模型</translation>
        </message>
        <message>
            <source>Configure providers…</source>
            <translation>配置提供商…</translation>
        </message>
        <message>
            <source>Default models</source>
            <translation>默认模型</translation>
        </message>
        <message>
            <source>The model each kind of task uses by default in this workspace. Changes are saved as soon as you pick a model; type in a list to filter it. Models disabled on the Models page are not offered here.</source>
            <translation>此工作区中各类任务默认使用的模型。选择模型后立即保存；在列表中输入文字可筛选。在“模型”页停用的模型不会出现在这里。</translation>
        </message>
        <message>
            <source>Check defaults</source>
            <translation>检查默认模型</translation>
        </message>
        <message>
            <source>Send each default model a small billed request to prove it answers</source>
            <translation>向每个默认模型发送一次计费的小请求，确认其能正常响应</translation>
        </message>
        <message>
            <source>{model} (unavailable)</source>
            <translation>{model}（不可用）</translation>
        </message>
        <message>
            <source>Choose a model…</source>
            <translation>选择模型…</translation>
        </message>
        <message>
            <source>No models</source>
            <translation>没有模型</translation>
        </message>
        <message>
            <source>Choose another model or clear it.</source>
            <translation>请选择其他模型或清除。</translation>
        </message>
        <message>
            <source>Not saved: {message}</source>
            <translation>未保存：{message}</translation>
        </message>
    </context>
    <context>
        <name>DefaultsViewModel</name>
        <message>
            <source>No {type} models yet — configure a provider that offers them.</source>
            <translation>还没有{type}模型 — 请配置提供此类模型的提供商。</translation>
        </message>
        <message>
            <source> or </source>
            <translation> 或 </translation>
        </message>
        <message>
            <source>No {type} models yet — configure a provider that offers them (e.g. {names} for {type}).</source>
            <translation>还没有{type}模型 — 请配置提供此类模型的提供商（{type}可选 {names} 等）。</translation>
        </message>
        <message>
            <source>Not checked yet</source>
            <translation>尚未检查</translation>
        </message>
        <message>
            <source>Last check: OK, {ago}</source>
            <translation>上次检查：正常，{ago}</translation>
        </message>
        <message>
            <source>Last check: OK, {ms} ms, {ago}</source>
            <translation>上次检查：正常，{ms} 毫秒，{ago}</translation>
        </message>
        <message>
            <source>no answer</source>
            <translation>无响应</translation>
        </message>
        <message>
            <source>Last check failed: {error} ({ago})</source>
            <translation>上次检查失败：{error}（{ago}）</translation>
        </message>
        <message>
            <source>{model} is no longer offered by {provider}.</source>
            <translation>{provider} 已不再提供 {model}。</translation>
        </message>
        <message>
            <source>{provider} is no longer configured.</source>
            <translation>{provider} 已不再配置。</translation>
        </message>
        <message>
            <source>{provider}'s key is not valid now.</source>
            <translation>{provider} 的密钥目前无效。</translation>
        </message>
        <message>
            <source>{provider} no longer offers {model} as {type}.</source>
            <translation>{provider} 已不再以 {type} 类型提供 {model}。</translation>
        </message>
        <message>
            <source>{model} is disabled in this workspace.</source>
            <translation>{model} 在此工作区已停用。</translation>
        </message>
        <message>
            <source>{type} default cleared.</source>
            <translation>已清除默认{type}模型。</translation>
        </message>
        <message>
            <source>{type} default set to {model}.</source>
            <translation>默认{type}模型已设为 {model}。</translation>
        </message>
        <message>
            <source>Could not save the {type} default: {message}</source>
            <translation>无法保存默认{type}模型：{message}</translation>
        </message>
    </context>
    <context>
        <name>EditModelDialog</name>
        <message>
            <source>Edit capabilities of {model}</source>
            <translation>编辑 {model} 的能力</translation>
        </message>
        <message>
            <source>Leave a limit empty to use the provider's value.</source>
            <translation>上限留空则使用提供商提供的值。</translation>
        </message>
        <message>
            <source>Capabilities:</source>
            <translation>能力：</translation>
        </message>
        <message>
            <source>&amp;Context length:</source>
            <translation>上下文长度(&amp;C)：</translation>
        </message>
        <message>
            <source>&amp;Max output:</source>
            <translation>最大输出(&amp;M)：</translation>
        </message>
        <message>
            <source>Reset to provider's values</source>
            <translation>恢复为提供商的值</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>This model is no longer in the catalog.</source>
            <translation>此模型已不在模型目录中。</translation>
        </message>
        <message>
            <source>&lt;b&gt;{model}&lt;/b&gt; — {provider}, {type}</source>
            <translation>&lt;b&gt;{model}&lt;/b&gt; — {provider}，{type}</translation>
        </message>
        <message>
            <source>Capabilities: {source}</source>
            <translation>能力：{source}</translation>
        </message>
    </context>
    <context>
        <name>Facts</name>
        <message>
            <source>Version {value}</source>
            <extracomment>Facts a provider reports on a key check, worded for people; balances, limits and usage are left out (the balance line says them in words), and so is anything not listed here.</extracomment>
            <translation>版本 {value}</translation>
        </message>
        <message>
            <source>Key name: {value}</source>
            <translation>密钥名称：{value}</translation>
        </message>
        <message>
            <source>Account status: {value}</source>
            <translation>账户状态：{value}</translation>
        </message>
        <message>
            <source>Organization: {value}</source>
            <translation>组织：{value}</translation>
        </message>
        <message>
            <source>China site</source>
            <translation>中国站</translation>
        </message>
        <message>
            <source>International site</source>
            <translation>国际站</translation>
        </message>
        <message>
            <source>Free tier</source>
            <translation>免费额度</translation>
        </message>
    </context>
    <context>
        <name>FilterPopup</name>
        <message>
            <source>Type to filter…</source>
            <translation>输入以筛选…</translation>
        </message>
        <message>
            <source>Filter models</source>
            <translation>筛选模型</translation>
        </message>
        <message>
            <source>Models</source>
            <translation>模型</translation>
        </message>
    </context>
    <context>
        <name>FoldersSection</name>
        <message>
            <source>Folders</source>
            <translation>文件夹</translation>
        </message>
        <message>
            <source>Data folder</source>
            <translation>数据文件夹</translation>
        </message>
        <message>
            <source>Log folder</source>
            <translation>日志文件夹</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <source>Open the data folder</source>
            <translation>打开数据文件夹</translation>
        </message>
        <message>
            <source>Open the log folder</source>
            <translation>打开日志文件夹</translation>
        </message>
        <message>
            <source>&amp;Data:</source>
            <translation>数据(&amp;D)：</translation>
        </message>
        <message>
            <source>&amp;Logs:</source>
            <translation>日志(&amp;L)：</translation>
        </message>
        <message>
            <source>Could not open {path}.</source>
            <translation>无法打开 {path}。</translation>
        </message>
    </context>
    <context>
        <name>HealthViewModel</name>
        <message>
            <source>A health check sends a small real request to the model (one short answer, embedding or sound), billed to the workspace's key for that provider.</source>
            <translation>健康检查会向模型发送一次真实的小请求（一句简短回答、一次向量或一段语音），费用计入此工作区该提供商的密钥。</translation>
        </message>
        <message>
            <source>This check sends 1 request.</source>
            <translation>本次检查将发送 1 个请求。</translation>
        </message>
        <message>
            <source>This run sends {n} requests.</source>
            <translation>本次检查将发送 {n} 个请求。</translation>
        </message>
        <message>
            <source>Preparing checks…</source>
            <translation>正在准备检查…</translation>
        </message>
        <message>
            <source>Checking {model}…</source>
            <translation>正在检查 {model}…</translation>
        </message>
        <message>
            <source>Checking {current} of {total}…</source>
            <translation>正在检查第 {current} / {total} 个…</translation>
        </message>
        <message>
            <source>Nothing to check: no default models are set.</source>
            <translation>没有可检查的内容：尚未设置默认模型。</translation>
        </message>
        <message>
            <source>Nothing to check: no enabled models.</source>
            <translation>没有可检查的内容：没有已启用的模型。</translation>
        </message>
        <message>
            <source>Checks are already running.</source>
            <translation>检查已在进行中。</translation>
        </message>
        <message>
            <source>{model}: OK, {ms} ms.</source>
            <translation>{model}：正常，{ms} 毫秒。</translation>
        </message>
        <message>
            <source>{model}: check failed — {error}</source>
            <translation>{model}：检查失败 — {error}</translation>
        </message>
        <message>
            <source>Checked {n} models: {ok} OK</source>
            <translation>已检查 {n} 个模型：{ok} 个正常</translation>
        </message>
        <message>
            <source>, 1 failed</source>
            <translation>，1 个失败</translation>
        </message>
        <message>
            <source>, {n} failed</source>
            <translation>，{n} 个失败</translation>
        </message>
        <message>
            <source>Checks failed: {message}</source>
            <translation>检查失败：{message}</translation>
        </message>
        <message>
            <source>Checks stopped by an unexpected error.</source>
            <translation>检查因意外错误而停止。</translation>
        </message>
        <message>
            <source>Checks cancelled after {done} of {total}.</source>
            <translation>已完成 {done} / {total} 个后取消检查。</translation>
        </message>
        <message>
            <source>Checks cancelled.</source>
            <translation>已取消检查。</translation>
        </message>
    </context>
    <context>
        <name>KeyChecksSection</name>
        <message>
            <source>Key checks</source>
            <extracomment>The largest low-balance threshold the field takes.</extracomment>
            <translation>密钥检查</translation>
        </message>
        <message>
            <source>Re-check stored keys</source>
            <translation>重新检查已保存的密钥</translation>
        </message>
        <message>
            <source>&amp;Re-check stored keys:</source>
            <translation>重新检查已保存的密钥(&amp;R)：</translation>
        </message>
        <message>
            <source>While ModelHub is open it asks each provider whether its key still works, and says so when one was rejected or ran out of credit.</source>
            <translation>ModelHub 运行期间会定期询问各提供商密钥是否仍然有效，并在密钥被拒绝或余额耗尽时提醒您。</translation>
        </message>
    </context>
    <context>
        <name>KeyNotice</name>
        <message>
            <source>Out of credit since {time}</source>
            <extracomment>The runner key of a re-check of every stored key (one at a time, whatever the workspace). The provider key of a custom OpenAI-compatible provider that is being added (its real ``custom:&lt;slug&gt;`` name is chosen from its label when it is saved). The name a custom provider being added is described and checked under until it has one. How long a successful Test connection stands in for the check a Save would make with exactly the same values (seconds).</extracomment>
            <translation>自 {time} 起余额耗尽</translation>
        </message>
        <message>
            <source>Key rejected at {time} — check it</source>
            <translation>密钥于 {time} 被拒绝 — 请检查</translation>
        </message>
        <message>
            <source>{provider} is out of credit since {time}.</source>
            <translation>{provider} 自 {time} 起余额耗尽。</translation>
        </message>
        <message>
            <source>{provider} rejected its key at {time}: check it.</source>
            <translation>{provider} 于 {time} 拒绝了密钥：请检查。</translation>
        </message>
    </context>
    <context>
        <name>KeysSection</name>
        <message>
            <source>Encryption key</source>
            <translation>加密密钥</translation>
        </message>
        <message>
            <source>Where the key comes from</source>
            <translation>密钥来源</translation>
        </message>
        <message>
            <source>Key id</source>
            <translation>密钥 ID</translation>
        </message>
        <message>
            <source>Where the key is kept</source>
            <translation>密钥保存位置</translation>
        </message>
        <message>
            <source>R&amp;otate key…</source>
            <translation>轮换密钥(&amp;O)…</translation>
        </message>
        <message>
            <source>Rotate the encryption key</source>
            <translation>轮换加密密钥</translation>
        </message>
        <message>
            <source>Make a new key and re-encrypt every stored provider config with it</source>
            <translation>生成新密钥，并用它重新加密所有已保存的提供商配置</translation>
        </message>
        <message>
            <source>Key rotation result</source>
            <translation>密钥轮换结果</translation>
        </message>
        <message>
            <source>Comes from:</source>
            <translation>来源：</translation>
        </message>
        <message>
            <source>Key id:</source>
            <translation>密钥 ID：</translation>
        </message>
        <message>
            <source>Kept in:</source>
            <translation>保存位置：</translation>
        </message>
        <message>
            <source>Not known yet (the database is still opening)</source>
            <translation>暂不可知（数据库仍在打开中）</translation>
        </message>
        <message>
            <source>Counting the configs to re-encrypt…</source>
            <translation>正在统计需要重新加密的配置…</translation>
        </message>
        <message>
            <source>Rotate the encryption key?</source>
            <translation>要轮换加密密钥吗？</translation>
        </message>
        <message>
            <source>ModelHub will make a new key and keep it in {location}, with the current key (id {kid}) as a previous one.</source>
            <translation>ModelHub 将生成新密钥并保存在{location}，当前密钥（ID {kid}）作为旧密钥保留。</translation>
        </message>
        <message numerus="yes">
            <source>It will re-encrypt %n stored provider config(s) with the new key.</source>
            <translation>
                <numerusform>将用新密钥重新加密 %n 个已保存的提供商配置。</numerusform>
            </translation>
        </message>
        <message>
            <source>No provider config is stored yet: the new key encrypts the next one.</source>
            <translation>尚未保存任何提供商配置：新密钥将用于加密之后保存的配置。</translation>
        </message>
        <message>
            <source>Back up the new key afterwards.</source>
            <translation>完成后请备份新密钥。</translation>
        </message>
        <message>
            <source>Rotate key</source>
            <translation>轮换密钥</translation>
        </message>
        <message>
            <source>Re-encrypting…</source>
            <translation>正在重新加密…</translation>
        </message>
        <message>
            <source>Key rotated</source>
            <translation>密钥已轮换</translation>
        </message>
        <message>
            <source>ModelHub does not change this key.</source>
            <translation>ModelHub 不会修改此密钥。</translation>
        </message>
        <message>
            <source>ModelHub cannot rotate this key.</source>
            <translation>ModelHub 无法轮换此密钥。</translation>
        </message>
    </context>
    <context>
        <name>LanguageSection</name>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>&amp;Language:</source>
            <translation>语言(&amp;L)：</translation>
        </message>
        <message>
            <source>“System” uses the desktop's language when ModelHub has it, else English.</source>
            <translation>“跟随系统”会使用桌面的语言（ModelHub 支持时），否则使用英语。</translation>
        </message>
        <message>
            <source>A new language applies after ModelHub is restarted.</source>
            <translation>新语言将在重新启动 ModelHub 后生效。</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Providers</source>
            <translation>提供商</translation>
        </message>
        <message>
            <source>Default models</source>
            <translation>默认模型</translation>
        </message>
        <message>
            <source>Models</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Sections</source>
            <translation>栏目</translation>
        </message>
        <message>
            <source>Last action</source>
            <translation>上次操作</translation>
        </message>
        <message>
            <source>Open a workspace first to re-check its keys.</source>
            <translation>请先打开一个工作区，再重新检查其密钥。</translation>
        </message>
        <message>
            <source>Re-checking keys…</source>
            <translation>正在重新检查密钥…</translation>
        </message>
        <message>
            <source>Working…</source>
            <translation>处理中…</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;Re-check all keys now</source>
            <translation>立即重新检查所有密钥(&amp;R)</translation>
        </message>
        <message>
            <source>Ask every provider of this workspace whether its key still works</source>
            <translation>询问此工作区的每个提供商其密钥是否仍然有效</translation>
        </message>
        <message>
            <source>&amp;Settings…</source>
            <translation>设置(&amp;S)…</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;Find…</source>
            <translation>查找(&amp;F)…</translation>
        </message>
        <message>
            <source>Re&amp;fresh</source>
            <translation>刷新(&amp;F)</translation>
        </message>
        <message>
            <source>&amp;New workspace…</source>
            <translation>新建工作区(&amp;N)…</translation>
        </message>
        <message>
            <source>Key notice</source>
            <translation>密钥提醒</translation>
        </message>
        <message>
            <source>Dismiss</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Dismiss the key notice</source>
            <translation>关闭密钥提醒</translation>
        </message>
    </context>
    <context>
        <name>ModelType</name>
        <message>
            <source>LLM</source>
            <translation>LLM</translation>
        </message>
        <message>
            <source>Text Embedding</source>
            <translation>文本向量</translation>
        </message>
        <message>
            <source>Rerank</source>
            <translation>重排序</translation>
        </message>
        <message>
            <source>TTS</source>
            <translation>TTS</translation>
        </message>
        <message>
            <source>Speech-to-Text</source>
            <translation>语音转文字</translation>
        </message>
    </context>
    <context>
        <name>ModelTypeShort</name>
        <message>
            <source>LLM</source>
            <translation>LLM</translation>
        </message>
        <message>
            <source>Embedding</source>
            <translation>向量</translation>
        </message>
        <message>
            <source>Rerank</source>
            <translation>重排序</translation>
        </message>
        <message>
            <source>TTS</source>
            <translation>TTS</translation>
        </message>
        <message>
            <source>STT</source>
            <translation>语音识别</translation>
        </message>
    </context>
    <context>
        <name>ModelsView</name>
        <message>
            <source>Search models…</source>
            <translation>搜索模型…</translation>
        </message>
        <message>
            <source>Search models</source>
            <translation>搜索模型</translation>
        </message>
        <message>
            <source>Filter by type</source>
            <translation>按类型筛选</translation>
        </message>
        <message>
            <source>All types</source>
            <translation>所有类型</translation>
        </message>
        <message>
            <source>Filter by capability</source>
            <translation>按能力筛选</translation>
        </message>
        <message>
            <source>Any capability</source>
            <translation>任意能力</translation>
        </message>
        <message>
            <source>Filter by provider</source>
            <translation>按提供商筛选</translation>
        </message>
        <message>
            <source>Show &amp;disabled</source>
            <translation>显示已停用(&amp;D)</translation>
        </message>
        <message>
            <source>Disabled models stay listed, greyed out</source>
            <translation>已停用的模型仍会列出，显示为灰色</translation>
        </message>
        <message>
            <source>Add model…</source>
            <translation>添加模型…</translation>
        </message>
        <message>
            <source>Add a model the provider does not list</source>
            <translation>添加提供商未列出的模型</translation>
        </message>
        <message>
            <source>Enable all shown</source>
            <translation>启用全部显示项</translation>
        </message>
        <message>
            <source>Disable all shown</source>
            <translation>停用全部显示项</translation>
        </message>
        <message>
            <source>Disable every model the filter shows; they stay listed</source>
            <translation>停用筛选结果中的所有模型；它们仍会列出</translation>
        </message>
        <message>
            <source>Check</source>
            <translation>检查</translation>
        </message>
        <message>
            <source>Health-check the selected models (a small billed request each)</source>
            <translation>对所选模型进行健康检查（每个模型一次计费的小请求）</translation>
        </message>
        <message>
            <source>Check models</source>
            <translation>检查模型</translation>
        </message>
        <message>
            <source>Check selected</source>
            <translation>检查所选</translation>
        </message>
        <message>
            <source>Check defaults</source>
            <translation>检查默认模型</translation>
        </message>
        <message>
            <source>Check all enabled</source>
            <translation>检查所有已启用</translation>
        </message>
        <message>
            <source>Refresh</source>
            <translation>刷新</translation>
        </message>
        <message>
            <source>Fetch the model lists again (all providers)</source>
            <translation>重新获取模型列表（所有提供商）</translation>
        </message>
        <message>
            <source>Refresh models</source>
            <translation>刷新模型</translation>
        </message>
        <message>
            <source>Models</source>
            <translation>模型</translation>
        </message>
        <message>
            <source>Disable</source>
            <translation>停用</translation>
        </message>
        <message>
            <source>Edit capabilities…</source>
            <translation>编辑能力…</translation>
        </message>
        <message>
            <source>Remove…</source>
            <translation>删除…</translation>
        </message>
        <message>
            <source>Last refresh report</source>
            <translation>上次刷新报告</translation>
        </message>
        <message>
            <source>The result of the last refresh or health check appears here.</source>
            <translation>上次刷新或健康检查的结果会显示在这里。</translation>
        </message>
        <message>
            <source>Every model the workspace's valid providers offer, as last fetched, plus those added by hand. A disabled model stays listed but is not offered as a default. Check sends a small billed request to prove a model answers.</source>
            <translation>此工作区有效提供商所提供的全部模型（以上次获取为准），以及手动添加的模型。已停用的模型仍会列出，但不作为默认模型候选。“检查”会发送一次计费的小请求，确认模型能正常响应。</translation>
        </message>
        <message>
            <source>Select the models to check first.</source>
            <translation>请先选择要检查的模型。</translation>
        </message>
        <message>
            <source>Every model shown is enabled already.</source>
            <translation>显示的模型均已启用。</translation>
        </message>
        <message>
            <source>Every model shown is disabled already.</source>
            <translation>显示的模型均已停用。</translation>
        </message>
        <message>
            <source>Enable models</source>
            <translation>启用模型</translation>
        </message>
        <message>
            <source>Enable {n} models</source>
            <translation>启用 {n} 个模型</translation>
        </message>
        <message>
            <source>Enable all {n} models shown?</source>
            <translation>要启用显示的全部 {n} 个模型吗？</translation>
        </message>
        <message>
            <source>They can be chosen as default models again.</source>
            <translation>它们将可以再次被选为默认模型。</translation>
        </message>
        <message>
            <source>Disable models</source>
            <translation>停用模型</translation>
        </message>
        <message>
            <source>Disable {n} models</source>
            <translation>停用 {n} 个模型</translation>
        </message>
        <message>
            <source>Disable all {n} models shown?</source>
            <translation>要停用显示的全部 {n} 个模型吗？</translation>
        </message>
        <message>
            <source>They stay listed here but are no longer offered as default models. A default already set to one of them is flagged.</source>
            <translation>它们仍会在此列出，但不再作为默认模型候选。已设为默认的模型会被标记。</translation>
        </message>
        <message>
            <source>Remove model</source>
            <translation>删除模型</translation>
        </message>
        <message>
            <source>Remove {model} from {provider}?</source>
            <translation>要从 {provider} 删除 {model} 吗？</translation>
        </message>
        <message>
            <source>It was added by hand; a default set to it is flagged.</source>
            <translation>该模型为手动添加；设为默认的会被标记。</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Enable</source>
            <translation>启用</translation>
        </message>
        <message>
            <source>All providers</source>
            <translation>所有提供商</translation>
        </message>
        <message>
            <source>Refreshing…</source>
            <translation>正在刷新…</translation>
        </message>
    </context>
    <context>
        <name>Notice</name>
        <message>
            <source>A new encryption key was generated and stored in {where}. Back it up: without it the saved provider keys cannot be decrypted.</source>
            <extracomment>The services' start-up notices (worded in English), as ``(pattern, translation)``.</extracomment>
            <translation>已生成新的加密密钥并保存在 {where}。请备份它：没有它，已保存的提供商密钥将无法解密。</translation>
        </message>
        <message>
            <source>Skipped a provider preset: {problem}</source>
            <translation>已跳过一个提供商预设：{problem}</translation>
        </message>
    </context>
    <context>
        <name>PaidCheckNotice</name>
        <message>
            <source>Health checks are billed</source>
            <translation>健康检查会产生费用</translation>
        </message>
        <message>
            <source>Each check sends a small real request, billed to the key.</source>
            <translation>每次检查都会发送一次真实的小请求，费用计入该密钥。</translation>
        </message>
        <message>
            <source>This notice is shown once each time ModelHub starts.</source>
            <translation>ModelHub 每次启动后只提示一次。</translation>
        </message>
        <message>
            <source>Run checks</source>
            <translation>开始检查</translation>
        </message>
    </context>
    <context>
        <name>ProviderCard</name>
        <message>
            <source>Key notice</source>
            <extracomment>Horizontal room around chip and badge text (style sheet padding plus a little air).</extracomment>
            <translation>密钥提醒</translation>
        </message>
        <message>
            <source>Configure…</source>
            <translation>配置…</translation>
        </message>
        <message>
            <source>Test</source>
            <translation>测试</translation>
        </message>
        <message>
            <source>Remove…</source>
            <translation>删除…</translation>
        </message>
        <message>
            <source>Key: {mask}</source>
            <translation>密钥：{mask}</translation>
        </message>
        <message>
            <source>No key needed</source>
            <translation>无需密钥</translation>
        </message>
        <message>
            <source>No key stored</source>
            <translation>未保存密钥</translation>
        </message>
        <message>
            <source>Last validated: {when}</source>
            <translation>上次验证：{when}</translation>
        </message>
        <message>
            <source>Edit…</source>
            <translation>编辑…</translation>
        </message>
        <message>
            <source>Configure {provider}</source>
            <translation>配置 {provider}</translation>
        </message>
        <message>
            <source>Test {provider}</source>
            <translation>测试 {provider}</translation>
        </message>
        <message>
            <source>Remove {provider}</source>
            <translation>删除 {provider}</translation>
        </message>
        <message>
            <source>Balance</source>
            <translation>余额</translation>
        </message>
    </context>
    <context>
        <name>ProviderGrid</name>
        <message>
            <source>Providers</source>
            <extracomment>Relative times ("3 minutes ago") are redrawn this often.</extracomment>
            <translation>提供商</translation>
        </message>
        <message>
            <source>Connect the model providers this workspace uses. Keys are stored encrypted.</source>
            <translation>连接此工作区使用的模型提供商。密钥加密保存。</translation>
        </message>
        <message>
            <source>Add provider…</source>
            <translation>添加提供商…</translation>
        </message>
        <message>
            <source>Add a provider</source>
            <translation>添加提供商</translation>
        </message>
        <message>
            <source>Choose from every provider ModelHub knows, or your own</source>
            <translation>从 ModelHub 支持的全部提供商中选择，或添加您自己的</translation>
        </message>
        <message>
            <source>No provider is configured in this workspace yet. Choose “Add provider…” to connect OpenAI, Anthropic, a local Ollama or your own gateway.</source>
            <translation>此工作区尚未配置任何提供商。选择“添加提供商…”即可连接 OpenAI、Anthropic、本地 Ollama 或您自己的网关。</translation>
        </message>
        <message>
            <source>These default models will be cleared:</source>
            <translation>以下默认模型将被清除：</translation>
        </message>
        <message>
            <source>No default model uses it.</source>
            <translation>没有默认模型使用它。</translation>
        </message>
        <message>
            <source>Remove {provider}?</source>
            <translation>要删除 {provider} 吗？</translation>
        </message>
        <message>
            <source>Remove the {provider} configuration, its stored key and its models from this workspace?</source>
            <translation>要从此工作区删除 {provider} 的配置、已保存的密钥及其模型吗？</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>删除</translation>
        </message>
    </context>
    <context>
        <name>ProviderPicker</name>
        <message>
            <source>Cloud providers</source>
            <extracomment>Group headings, in the order they are shown.</extracomment>
            <translation>云端提供商</translation>
        </message>
        <message>
            <source>On your computer or network</source>
            <translation>本机或局域网</translation>
        </message>
        <message>
            <source>Custom OpenAI-compatible…</source>
            <translation>自定义 OpenAI 兼容…</translation>
        </message>
        <message>
            <source>Add a provider</source>
            <translation>添加提供商</translation>
        </message>
        <message>
            <source>Search by name or model type (chat, embedding, rerank…)</source>
            <translation>按名称或模型类型搜索（对话、向量、重排序…）</translation>
        </message>
        <message>
            <source>Search providers</source>
            <translation>搜索提供商</translation>
        </message>
        <message>
            <source>Providers you can add</source>
            <translation>可添加的提供商</translation>
        </message>
        <message>
            <source>Configure…</source>
            <translation>配置…</translation>
        </message>
        <message>
            <source>Configure the chosen provider</source>
            <translation>配置所选提供商</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>(preset)</source>
            <translation>（预设）</translation>
        </message>
        <message>
            <source>Your own endpoint</source>
            <translation>您自己的端点</translation>
        </message>
        <message>
            <source>A gateway or server that speaks OpenAI's API</source>
            <translation>兼容 OpenAI API 的网关或服务器</translation>
        </message>
        <message>
            <source>No provider matches “{text}”. Add it as a custom OpenAI-compatible provider if it speaks OpenAI's API: clear the search and choose the last entry.</source>
            <translation>没有与“{text}”匹配的提供商。如果它兼容 OpenAI API，可作为自定义 OpenAI 兼容提供商添加：清空搜索框后选择最后一项。</translation>
        </message>
    </context>
    <context>
        <name>ProvidersViewModel</name>
        <message>
            <source>{field} is required.</source>
            <translation>{field}为必填项。</translation>
        </message>
        <message>
            <source>Saved {provider}: {status}.</source>
            <translation>已保存 {provider}：{status}。</translation>
        </message>
        <message numerus="yes">
            <source>%n model(s) available.</source>
            <translation>
                <numerusform>共 %n 个可用模型。</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Removed {provider}; cleared %n default model(s).</source>
            <translation>
                <numerusform>已删除 {provider}；清除了 %n 个默认模型。</numerusform>
            </translation>
        </message>
        <message>
            <source>Removed {provider}.</source>
            <translation>已删除 {provider}。</translation>
        </message>
        <message>
            <source>No stored key to re-check in this workspace.</source>
            <translation>此工作区没有需要重新检查的已保存密钥。</translation>
        </message>
        <message numerus="yes">
            <source>Re-checked %n key.</source>
            <translation>
                <numerusform>已重新检查 %n 个密钥。</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Re-checked %n keys.</source>
            <translation>
                <numerusform>已重新检查 %n 个密钥。</numerusform>
            </translation>
        </message>
        <message>
            <source>All were accepted.</source>
            <translation>全部有效。</translation>
        </message>
        <message>
            <source>It was accepted.</source>
            <translation>密钥有效。</translation>
        </message>
    </context>
    <context>
        <name>QLineEdit</name>
        <message>
            <source>&amp;Undo</source>
            <translation>撤销(&amp;U)</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>重做(&amp;R)</translation>
        </message>
        <message>
            <source>Cu&amp;t</source>
            <translation>剪切(&amp;T)</translation>
        </message>
        <message>
            <source>&amp;Copy</source>
            <translation>复制(&amp;C)</translation>
        </message>
        <message>
            <source>&amp;Paste</source>
            <translation>粘贴(&amp;P)</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>删除</translation>
        </message>
        <message>
            <source>Select All</source>
            <translation>全选</translation>
        </message>
    </context>
    <context>
        <name>QPlatformTheme</name>
        <message>
            <source>OK</source>
            <extracomment>Qt's own words (standard dialog buttons, a line edit's context menu): PySide6-Essentials ships no Qt catalogs, so ours answers Qt's contexts too.</extracomment>
            <translation>确定</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>保存</translation>
        </message>
        <message>
            <source>Save All</source>
            <translation>全部保存</translation>
        </message>
        <message>
            <source>Open</source>
            <translation>打开</translation>
        </message>
        <message>
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Apply</source>
            <translation>应用</translation>
        </message>
        <message>
            <source>Reset</source>
            <translation>重置</translation>
        </message>
        <message>
            <source>Help</source>
            <translation>帮助</translation>
        </message>
        <message>
            <source>Discard</source>
            <translation>放弃</translation>
        </message>
        <message>
            <source>Don't Save</source>
            <translation>不保存</translation>
        </message>
        <message>
            <source>Close without Saving</source>
            <translation>关闭且不保存</translation>
        </message>
        <message>
            <source>Restore Defaults</source>
            <translation>恢复默认值</translation>
        </message>
        <message>
            <source>Yes</source>
            <translation>是</translation>
        </message>
        <message>
            <source>&amp;Yes</source>
            <translation>是(&amp;Y)</translation>
        </message>
        <message>
            <source>Yes to All</source>
            <translation>全部是</translation>
        </message>
        <message>
            <source>No</source>
            <translation>否</translation>
        </message>
        <message>
            <source>&amp;No</source>
            <translation>否(&amp;N)</translation>
        </message>
        <message>
            <source>No to All</source>
            <translation>全部否</translation>
        </message>
        <message>
            <source>Abort</source>
            <translation>中止</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>重试</translation>
        </message>
        <message>
            <source>Ignore</source>
            <translation>忽略</translation>
        </message>
    </context>
    <context>
        <name>Schedule</name>
        <message>
            <source>Off</source>
            <extracomment>The intervals a person can choose, in hours (0: off). How often the timer asks whether a run is due.</extracomment>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Every hour</source>
            <translation>每小时</translation>
        </message>
        <message numerus="yes">
            <source>Every %n hours</source>
            <translation>
                <numerusform>每 %n 小时</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>ServicesSlot</name>
        <message>
            <source>ModelHub is still opening its database.</source>
            <translation>ModelHub 仍在打开数据库。</translation>
        </message>
        <message>
            <source>Try again in a moment.</source>
            <translation>请稍后再试。</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>Save the settings</source>
            <translation>保存设置</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Settings pages</source>
            <translation>设置页面</translation>
        </message>
        <message>
            <source>&amp;General</source>
            <translation>常规(&amp;G)</translation>
        </message>
        <message>
            <source>&amp;Keys and folders</source>
            <translation>密钥与文件夹(&amp;K)</translation>
        </message>
    </context>
    <context>
        <name>SettingsViewModel</name>
        <message>
            <source>System</source>
            <extracomment>QSettings key of the re-check interval, in hours (0: off). QSettings key of the theme: one of :data:`THEMES`. QSettings key of the language: one of :data:`LANGUAGES`.</extracomment>
            <translation>跟随系统</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>浅色</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>深色</translation>
        </message>
    </context>
    <context>
        <name>Status</name>
        <message>
            <source>Valid</source>
            <extracomment>The badge words (``wording.status_label`` translates them in the "Status" context).</extracomment>
            <translation>有效</translation>
        </message>
        <message>
            <source>Invalid key</source>
            <translation>密钥无效</translation>
        </message>
        <message>
            <source>No credit</source>
            <translation>余额不足</translation>
        </message>
        <message>
            <source>Restricted</source>
            <translation>受限</translation>
        </message>
        <message>
            <source>Rate limited</source>
            <translation>请求受限</translation>
        </message>
        <message>
            <source>Unreachable</source>
            <translation>无法连接</translation>
        </message>
        <message>
            <source>Bad response</source>
            <translation>响应异常</translation>
        </message>
        <message>
            <source>Not configured</source>
            <translation>未配置</translation>
        </message>
        <message>
            <source>Checking…</source>
            <translation>正在检查…</translation>
        </message>
        <message>
            <source>Cannot decrypt</source>
            <translation>无法解密</translation>
        </message>
        <message>
            <source>Invalid</source>
            <translation>无效</translation>
        </message>
    </context>
    <context>
        <name>StatusSentence</name>
        <message>
            <source>{provider} accepted the key.</source>
            <extracomment>What a status means, in our words: providers word their answers in English, so a window in another language says this instead (the provider's own words stay in English).</extracomment>
            <translation>{provider} 已接受此密钥。</translation>
        </message>
        <message>
            <source>{provider} refused the key: check that it is complete and active.</source>
            <translation>{provider} 拒绝了此密钥：请检查密钥是否完整且仍然有效。</translation>
        </message>
        <message>
            <source>{provider} refused the key.</source>
            <translation>{provider} 拒绝了此密钥。</translation>
        </message>
        <message>
            <source>{provider} accepted the key, but the account has no credit left.</source>
            <translation>{provider} 已接受此密钥，但账户余额已用完。</translation>
        </message>
        <message>
            <source>{provider} accepted the key, with restricted permissions.</source>
            <translation>{provider} 已接受此密钥，但权限受限。</translation>
        </message>
        <message>
            <source>{provider} accepted the key but is limiting its requests.</source>
            <translation>{provider} 已接受此密钥，但正在限制请求频率。</translation>
        </message>
        <message>
            <source>{provider} could not be reached.</source>
            <translation>无法连接到 {provider}。</translation>
        </message>
        <message>
            <source>{provider} answered in a way ModelHub does not understand.</source>
            <translation>{provider} 返回了 ModelHub 无法识别的响应。</translation>
        </message>
        <message>
            <source>The stored key cannot be decrypted: the encryption key may have changed.</source>
            <translation>无法解密已保存的密钥：加密密钥可能已更换。</translation>
        </message>
    </context>
    <context>
        <name>Time</name>
        <message numerus="yes">
            <source>%n minute(s) ago</source>
            <extracomment>``wording.relative_time``'s plural phrases (it reaches Qt through a helper lupdate cannot follow).</extracomment>
            <translation>
                <numerusform>%n 分钟前</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n hour(s) ago</source>
            <translation>
                <numerusform>%n 小时前</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n day(s) ago</source>
            <translation>
                <numerusform>%n 天前</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n month(s) ago</source>
            <translation>
                <numerusform>%n 个月前</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n year(s) ago</source>
            <translation>
                <numerusform>%n 年前</numerusform>
            </translation>
        </message>
        <message>
            <source>never</source>
            <translation>从未</translation>
        </message>
        <message>
            <source>just now</source>
            <translation>刚刚</translation>
        </message>
    </context>
    <context>
        <name>WorkspaceSection</name>
        <message>
            <source>Workspace “{name}”</source>
            <translation>工作区“{name}”</translation>
        </message>
        <message>
            <source>Workspace</source>
            <translation>工作区</translation>
        </message>
        <message>
            <source>Low-balance warning below</source>
            <translation>余额低于此值时提醒</translation>
        </message>
        <message>
            <source>Never</source>
            <translation>从不</translation>
        </message>
        <message>
            <source>&amp;Warn when a balance is below:</source>
            <translation>余额低于此值时提醒(&amp;W)：</translation>
        </message>
        <message>
            <source>In each provider's own currency. Cards of providers that report a balance show a warning below this amount.</source>
            <translation>以各提供商自己的币种计。能报告余额的提供商，其卡片会在余额低于此金额时显示提醒。</translation>
        </message>
    </context>
    <context>
        <name>WorkspaceSwitcher</name>
        <message>
            <source>&amp;Workspace:</source>
            <translation>工作区(&amp;W)：</translation>
        </message>
        <message>
            <source>Workspace</source>
            <translation>工作区</translation>
        </message>
        <message>
            <source>&amp;New…</source>
            <translation>新建(&amp;N)…</translation>
        </message>
        <message>
            <source>&amp;Rename…</source>
            <translation>重命名(&amp;R)…</translation>
        </message>
        <message>
            <source>&amp;Delete…</source>
            <translation>删除(&amp;D)…</translation>
        </message>
        <message>
            <source>New workspace</source>
            <translation>新建工作区</translation>
        </message>
        <message>
            <source>Rename workspace</source>
            <translation>重命名工作区</translation>
        </message>
        <message>
            <source>Delete workspace</source>
            <translation>删除工作区</translation>
        </message>
        <message>
            <source>Name of the new workspace:</source>
            <translation>新工作区的名称：</translation>
        </message>
        <message>
            <source>New name for workspace {name}:</source>
            <translation>工作区 {name} 的新名称：</translation>
        </message>
        <message numerus="yes">
            <source>%n provider configuration(s) (with their encrypted keys and model lists)</source>
            <translation>
                <numerusform>%n 个提供商配置（包括加密的密钥和模型列表）</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n default model choice(s)</source>
            <translation>
                <numerusform>%n 个默认模型设置</numerusform>
            </translation>
        </message>
        <message>
            <source>This deletes:</source>
            <translation>将删除：</translation>
        </message>
        <message>
            <source>It is the only workspace; an empty Default workspace will replace it.</source>
            <translation>这是唯一的工作区；删除后将以一个空的 Default 工作区代替。</translation>
        </message>
        <message>
            <source>Delete workspace {name}?</source>
            <translation>要删除工作区 {name} 吗？</translation>
        </message>
        <message>
            <source>Delete the workspace {name}? This cannot be undone.</source>
            <translation>要删除工作区 {name} 吗？此操作无法撤销。</translation>
        </message>
    </context>
    <context>
        <name>WorkspacesViewModel</name>
        <message>
            <source>Workspace {name}</source>
            <translation>工作区 {name}</translation>
        </message>
        <message>
            <source>Switched to workspace {name}.</source>
            <translation>已切换到工作区 {name}。</translation>
        </message>
        <message>
            <source>Created workspace {name}.</source>
            <translation>已创建工作区 {name}。</translation>
        </message>
        <message>
            <source>Renamed the workspace to {name}.</source>
            <translation>已将工作区重命名为 {name}。</translation>
        </message>
        <message>
            <source>the workspace</source>
            <translation>该工作区</translation>
        </message>
        <message>
            <source>Deleted workspace {name}.</source>
            <translation>已删除工作区 {name}。</translation>
        </message>
    </context>
    <context>
        <name>_ModelForm</name>
        <message>
            <source>Context length</source>
            <translation>上下文长度</translation>
        </message>
        <message>
            <source>Max output tokens</source>
            <translation>最大输出 token 数</translation>
        </message>
    </context>
</TS>
