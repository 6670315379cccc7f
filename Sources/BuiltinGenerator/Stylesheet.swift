/// The one stylesheet. System fonts only (no outside requests); the sidebar folds away on
/// narrow screens behind the menu button (a checkbox, so it works without script).
enum Stylesheet {
    /// Colours come from the build file only after `ThemeColors.isSafeCSSColor`.
    static func css(primary: String?, link: String?) -> String {
        let primaryColor = primary ?? "#1f5fbf"
        let linkColor = link ?? primary ?? "#1f5fbf"
        return ":root{--primary:\(primaryColor);--link:\(linkColor);" + body
    }

    private static let body = """
    --text:#1d2330;--muted:#5b6478;--bg:#ffffff;--panel:#f6f7fa;--border:#dde1ea;--code:#f1f3f7;
    --get:#1a7f4b;--post:#1f5fbf;--put:#a05a00;--patch:#7a4fb8;--delete:#b3261e;--other:#5b6478;
    --sidebar:18rem;}
    @media (prefers-color-scheme:dark){:root{--text:#e4e7ee;--muted:#a0a8b8;--bg:#14171d;--panel:#1b1f27;
    --border:#2c323d;--code:#222733;}}
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%}
    body{margin:0;font:16px/1.6 system-ui,-apple-system,"Segoe UI",Roboto,Ubuntu,"Helvetica Neue",Arial,sans-serif;
    color:var(--text);background:var(--bg)}
    a{color:var(--link)}
    code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.9em}
    code{background:var(--code);padding:.1em .3em;border-radius:4px}
    pre{background:var(--code);padding:.8rem 1rem;border-radius:6px;overflow-x:auto;line-height:1.45}
    pre code{background:none;padding:0}
    img{max-width:100%;height:auto}
    table{border-collapse:collapse;width:100%;margin:1rem 0;display:block;overflow-x:auto}
    th,td{border:1px solid var(--border);padding:.4rem .6rem;text-align:left;vertical-align:top}
    th{background:var(--panel)}
    blockquote{margin:1rem 0;padding:.2rem 1rem;border-left:4px solid var(--primary);background:var(--panel)}
    .topbar{position:sticky;top:0;z-index:10;display:flex;align-items:center;gap:1rem;padding:.6rem 1rem;
    background:var(--primary);color:#fff;min-height:3.2rem}
    .brand{color:#fff;text-decoration:none;font-weight:600;font-size:1.1rem;display:flex;align-items:center;gap:.5rem}
    .logo{height:2rem;width:auto}
    .nav-toggle{position:absolute;opacity:0;pointer-events:none}
    .nav-button{display:none;cursor:pointer;font-size:1.4rem;line-height:1}
    .versions{margin-left:auto;display:flex;gap:.4rem;align-items:center;flex-wrap:wrap;font-size:.9rem}
    .versions a{color:#fff;text-decoration:none;padding:.1rem .5rem;border:1px solid rgba(255,255,255,.5);border-radius:4px}
    .versions a.current{background:#fff;color:var(--primary)}
    .layout{display:flex;align-items:flex-start}
    .sidebar{position:sticky;top:3.2rem;width:var(--sidebar);flex:none;height:calc(100vh - 3.2rem);overflow-y:auto;
    padding:1rem;border-right:1px solid var(--border);background:var(--panel);font-size:.93rem}
    .content{flex:1;min-width:0;max-width:60rem;padding:1.5rem 2rem 4rem}
    .nav,.nav ul{list-style:none;margin:0;padding:0}
    .nav ul{padding-left:.9rem}
    .nav li{margin:.1rem 0}
    .nav a{display:block;padding:.15rem .4rem;border-radius:4px;color:var(--text);text-decoration:none}
    .nav a:hover{background:var(--border)}
    .nav a.current{background:var(--primary);color:#fff}
    .nav-group-title{display:block;margin-top:.8rem;font-weight:600;font-size:.8rem;text-transform:uppercase;
    letter-spacing:.04em;color:var(--muted)}
    .nav-sections a{font-size:.88rem;color:var(--muted)}
    .search input{width:100%;padding:.45rem .6rem;border:1px solid var(--border);border-radius:6px;font:inherit;
    background:var(--bg);color:var(--text)}
    .search-results{list-style:none;margin:.3rem 0 .8rem;padding:0}
    .search-results a{display:block;padding:.25rem .4rem;border-radius:4px;text-decoration:none;color:var(--text)}
    .search-results a:hover{background:var(--border)}
    .search-kind{display:block;font-size:.78rem;color:var(--muted);overflow-wrap:anywhere}
    .search-none{color:var(--muted);padding:.25rem .4rem}
    h1,h2,h3,h4{line-height:1.25;margin:1.6rem 0 .6rem;position:relative}
    h1{font-size:2rem;margin-top:.4rem}
    .anchor{position:absolute;left:-1.1rem;width:1rem;opacity:0;text-decoration:none;color:var(--muted)}
    h1:hover .anchor,h2:hover .anchor,h3:hover .anchor,h4:hover .anchor{opacity:1}
    .lead{font-size:1.15rem;color:var(--muted)}
    .version{font-size:.85rem;border:1px solid var(--border);border-radius:4px;padding:0 .4rem}
    .operation,.model{border-top:1px solid var(--border);padding-top:.6rem;margin-top:2rem}
    .endpoint{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
    .path{overflow-wrap:anywhere}
    .method{display:inline-block;min-width:4.2rem;text-align:center;color:#fff;font-weight:600;font-size:.78rem;
    padding:.15rem .4rem;border-radius:4px;background:var(--other)}
    .method-get{background:var(--get)}.method-post{background:var(--post)}.method-put{background:var(--put)}
    .method-patch{background:var(--patch)}.method-delete{background:var(--delete)}
    .operation-list{list-style:none;padding:0}
    .operation-list a{text-decoration:none;color:var(--text)}
    .required{color:var(--delete);font-size:.8rem;font-weight:600}
    .deprecated{color:var(--put);font-size:.8rem;font-weight:600;text-transform:uppercase}
    .format,.constraints{color:var(--muted);font-size:.88rem}
    .constraints{margin:.3rem 0}
    .status{display:inline-block;font-weight:700;padding:0 .4rem;border-radius:4px;background:var(--panel);
    border:1px solid var(--border)}
    .s2xx{color:var(--get)}.s4xx,.s5xx{color:var(--delete)}
    .media{margin:.4rem 0 .8rem}
    .media-type{margin:.3rem 0}
    .fields td:first-child{white-space:nowrap}
    details.nested{margin:.4rem 0}
    details.nested summary{cursor:pointer;color:var(--muted);font-size:.88rem}
    .composition ul{padding-left:1.2rem}
    .cycle,.broken{color:var(--muted);font-style:italic}
    .contains-task-list{list-style:none;padding-left:1rem}
    @media (max-width:800px){
    .nav-button{display:block}
    .sidebar{display:none;position:fixed;top:3.2rem;left:0;right:0;width:auto;z-index:9;border-right:none;
    border-bottom:1px solid var(--border)}
    .nav-toggle:checked ~ .layout .sidebar{display:block}
    .content{padding:1rem}
    h1{font-size:1.6rem}
    .anchor{display:none}
    }
    @media print{.sidebar,.topbar{display:none}.content{max-width:none}}

    """
}
