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
    --text:#1d2330;--muted:#5b6478;--bg:#ffffff;--panel:#f6f7fa;--border:#dde1ea;--code:#eef1f6;
    --pre:#111827;--pre-text:#e5e9f0;--pre-muted:#8c96a8;--tint:rgba(47,111,222,.1);
    --get:#1a7f4b;--post:#1f5fbf;--put:#a05a00;--patch:#7a4fb8;--delete:#b3261e;--other:#5b6478;
    --sidebar:17.5rem;--top:3.4rem;--radius:8px;
    --mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono","DejaVu Sans Mono",monospace;}
    @media (prefers-color-scheme:dark){:root{--text:#e4e7ee;--muted:#a0a8b8;--bg:#14171d;--panel:#1a1e26;
    --border:#2c323d;--code:#252b36;--pre:#0c0f14;--tint:rgba(255,255,255,.08)}}
    @supports (color:color-mix(in srgb,red,blue)){:root{--tint:color-mix(in srgb,var(--primary) 11%,transparent)}
    @media (prefers-color-scheme:dark){:root{--link-fg:color-mix(in srgb,var(--link) 45%,#fff)}}}
    *{box-sizing:border-box}
    html{-webkit-text-size-adjust:100%;scroll-padding-top:calc(var(--top) + 1rem)}
    body{margin:0;font:16px/1.65 system-ui,-apple-system,"Segoe UI",Roboto,Ubuntu,"Helvetica Neue",Arial,sans-serif;
    color:var(--text);background:var(--bg);-webkit-font-smoothing:antialiased}
    a{color:var(--link-fg,var(--link));text-underline-offset:.15em}
    a:hover{text-decoration-thickness:2px}
    p,ul,ol{margin:.8rem 0}
    li{margin:.25rem 0}
    code,pre,kbd{font-family:var(--mono);font-size:.875em}
    code{background:var(--code);padding:.12em .35em;border-radius:4px;overflow-wrap:break-word}
    pre{position:relative;background:var(--pre);color:var(--pre-text);padding:1rem 1.2rem;border-radius:var(--radius);
    overflow-x:auto;line-height:1.55;margin:1rem 0 1.2rem}
    pre code{background:none;padding:0;color:inherit;font-size:inherit;overflow-wrap:normal}
    pre[lang]{padding-top:2rem}
    pre[lang]::before{content:attr(lang);position:absolute;top:.5rem;left:1.2rem;font-size:.72rem;
    text-transform:uppercase;letter-spacing:.08em;color:var(--pre-muted)}
    kbd{border:1px solid var(--border);border-bottom-width:2px;border-radius:4px;padding:0 .35em;font-size:.75rem;color:var(--muted)}
    img{max-width:100%;height:auto}
    hr{border:none;border-top:1px solid var(--border);margin:2rem 0}
    table{border-collapse:collapse;width:100%;margin:1rem 0 1.4rem;display:block;overflow-x:auto;font-size:.94rem;line-height:1.5}
    th,td{border-bottom:1px solid var(--border);padding:.55rem .75rem;text-align:left;vertical-align:top}
    th{font-size:.76rem;font-weight:600;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);
    border-bottom-width:2px;white-space:nowrap}
    td>:first-child{margin-top:0}
    td>:last-child{margin-bottom:0}
    tbody tr:hover{background:var(--panel)}
    blockquote{margin:1.2rem 0;padding:.6rem 1rem;border-left:4px solid var(--primary);background:var(--panel);
    border-radius:0 var(--radius) var(--radius) 0}
    blockquote>:first-child{margin-top:0}
    blockquote>:last-child{margin-bottom:0}
    .topbar{position:sticky;top:0;z-index:10;display:flex;align-items:center;gap:1rem;padding:0 1.25rem;
    background:var(--primary);color:#fff;height:var(--top);box-shadow:0 1px 3px rgba(0,0,0,.15)}
    .brand{color:#fff;text-decoration:none;font-weight:650;font-size:1.1rem;display:flex;align-items:center;gap:.6rem;
    letter-spacing:-.01em}
    .logo{height:2rem;width:auto}
    .nav-toggle{position:absolute;opacity:0;pointer-events:none}
    .nav-button{display:none;cursor:pointer;font-size:1.4rem;line-height:1;padding:.3rem}
    .versions{margin-left:auto;display:flex;gap:.4rem;align-items:center;flex-wrap:wrap;font-size:.9rem}
    .versions a{color:#fff;text-decoration:none;padding:.1rem .55rem;border:1px solid rgba(255,255,255,.5);border-radius:999px}
    .versions a.current{background:#fff;color:var(--primary)}
    .layout{display:flex;align-items:flex-start}
    .sidebar{position:sticky;top:var(--top);width:var(--sidebar);flex:none;height:calc(100vh - var(--top));overflow-y:auto;
    padding:1.1rem 1rem 2rem;border-right:1px solid var(--border);background:var(--panel);font-size:.92rem;line-height:1.45}
    .content{flex:1;min-width:0;max-width:58rem;padding:2rem 3rem 5rem}
    .nav,.nav ul{list-style:none;margin:0;padding:0}
    .nav ul{padding-left:.75rem}
    .nav li{margin:.05rem 0}
    .nav a{display:block;padding:.3rem .6rem;border-radius:6px;color:var(--text);text-decoration:none}
    .nav a:hover{background:var(--tint)}
    .nav a.current{background:var(--tint);color:var(--link-fg,var(--link));font-weight:600;box-shadow:inset 3px 0 0 var(--primary)}
    .nav li.nav-group{margin-top:1.2rem}
    .nav-group-title{display:block;padding:0 .6rem .25rem;font-weight:700;font-size:.72rem;text-transform:uppercase;
    letter-spacing:.08em;color:var(--muted)}
    .nav-group>.nav{padding-left:0}
    .nav-sections{margin:.15rem 0 .35rem .9rem;border-left:1px solid var(--border)}
    .nav ul.nav-sections{padding-left:.35rem}
    .nav-sections a{font-size:.85rem;color:var(--muted);padding:.18rem .6rem}
    .search{position:relative;margin-bottom:.4rem}
    .search input{width:100%;padding:.5rem 2rem .5rem .75rem;border:1px solid var(--border);border-radius:var(--radius);font:inherit;
    background:var(--bg);color:var(--text);outline:none}
    .search input:focus{border-color:var(--primary);box-shadow:0 0 0 3px var(--tint)}
    .search-key{position:absolute;right:.6rem;top:.55rem;pointer-events:none}
    .search-results{list-style:none;margin:.4rem 0 0;padding:0}
    .search-results:not(:empty){padding:.3rem;border:1px solid var(--border);border-radius:var(--radius);background:var(--bg);
    box-shadow:0 6px 20px rgba(16,24,40,.08);max-height:60vh;overflow-y:auto}
    .search-results li{margin:0}
    .search-results a{display:block;padding:.35rem .5rem;border-radius:6px;text-decoration:none;color:var(--text)}
    .search-results a:hover,.search-results a:focus{background:var(--tint);outline:none}
    .search-kind{display:block;font-size:.78rem;color:var(--muted);overflow-wrap:anywhere}
    .search-kind .method{min-width:0;font-size:.62rem;padding:0 .3rem;margin-right:.35rem;vertical-align:1px}
    .search-none{color:var(--muted);padding:.35rem .5rem}
    h1,h2,h3,h4{line-height:1.25;margin:2rem 0 .7rem;position:relative;letter-spacing:-.01em;font-weight:650}
    h1{font-size:2.1rem;margin-top:0;letter-spacing:-.02em}
    h2{font-size:1.5rem}
    h3{font-size:1.1rem}
    .content>h2{padding-bottom:.35rem;border-bottom:1px solid var(--border)}
    .anchor{position:absolute;left:-1.1rem;width:1rem;opacity:0;text-decoration:none;color:var(--muted);font-weight:400}
    h1:hover .anchor,h2:hover .anchor,h3:hover .anchor,h4:hover .anchor{opacity:1}
    .lead{font-size:1.15rem;color:var(--muted)}
    .version{font-size:.8rem;border:1px solid var(--border);border-radius:999px;padding:.05rem .5rem;vertical-align:2px}
    .operation,.model{border-top:1px solid var(--border);padding-top:1.2rem;margin-top:3rem}
    .operation>h2,.model>h2{margin-top:.4rem}
    h1+.operation,h1+.model{border-top:none;padding-top:0;margin-top:1.5rem}
    .operation h3{font-size:.8rem;text-transform:uppercase;letter-spacing:.07em;color:var(--muted);margin:1.6rem 0 .4rem}
    .endpoint{display:flex;flex-wrap:wrap;gap:.6rem;align-items:center;padding:.5rem .6rem;border:1px solid var(--border);
    border-radius:var(--radius);background:var(--panel)}
    .endpoint .path{background:none;padding:0;font-size:.95rem;font-weight:600}
    .method{display:inline-block;min-width:4rem;text-align:center;color:#fff;font:700 .72rem/1.6 var(--mono);
    letter-spacing:.04em;padding:.1rem .45rem;border-radius:5px;background:var(--other)}
    .method-get{background:var(--get)}.method-post{background:var(--post)}.method-put{background:var(--put)}
    .method-patch{background:var(--patch)}.method-delete{background:var(--delete)}
    .tag-summary h2 a{color:var(--text);text-decoration:none}
    .tag-summary h2 a:hover{color:var(--link)}
    .operation-list{list-style:none;padding:0;border:1px solid var(--border);border-radius:var(--radius);overflow:hidden}
    .operation-list li{margin:0}
    .operation-list li+li{border-top:1px solid var(--border)}
    .operation-list a{display:flex;gap:.8rem;align-items:center;flex-wrap:wrap;padding:.55rem .8rem;text-decoration:none;color:var(--text)}
    .operation-list a:hover{background:var(--panel)}
    .operation-list code{background:none;padding:0;font-weight:600}
    .servers{padding-left:1.2rem}
    .required{color:var(--delete);font-size:.72rem;font-weight:600;letter-spacing:.02em}
    .deprecated{color:var(--put);font-size:.72rem;font-weight:700;text-transform:uppercase;letter-spacing:.04em}
    .format,.constraints{color:var(--muted);font-size:.86rem}
    .constraints{margin:.3rem 0}
    .response{margin:.8rem 0;padding:.15rem 0 .15rem 1rem;border-left:3px solid var(--border)}
    .response:has(.s2xx){border-left-color:var(--get)}
    .response:has(.s4xx),.response:has(.s5xx){border-left-color:var(--delete)}
    .response-head{display:inline-block;margin:.2rem .6rem .2rem 0}
    .response-head+p{display:inline}
    .status{display:inline-block;font:700 .82rem/1.6 var(--mono);padding:0 .45rem;border-radius:5px;background:var(--panel);
    border:1px solid var(--border)}
    .s2xx{color:var(--get)}.s4xx,.s5xx{color:var(--delete)}
    .media{margin:.5rem 0 .8rem}
    .media-type{margin:.5rem 0;color:var(--muted);font-size:.9rem}
    .model-type{color:var(--muted)}
    .fields td:first-child,.params td:first-child{white-space:nowrap}
    .fields td:nth-child(2),.params td:nth-child(2){white-space:nowrap;color:var(--muted)}
    details{margin:.5rem 0}
    details>summary{cursor:pointer;color:var(--muted);font-size:.88rem;font-weight:600}
    details.example pre{margin-top:.4rem}
    details.nested{margin:.4rem 0}
    details.nested summary{font-weight:400}
    .composition ul{padding-left:1.2rem}
    .composition-title{margin:.6rem 0 .2rem;color:var(--muted)}
    .cycle,.broken{color:var(--muted);font-style:italic}
    .contains-task-list{list-style:none;padding-left:1rem}
    .pager{display:flex;gap:1rem;margin-top:4rem;padding-top:1.5rem;border-top:1px solid var(--border)}
    .pager a{display:flex;flex-direction:column;gap:.1rem;flex:0 1 48%;padding:.7rem 1rem;border:1px solid var(--border);
    border-radius:var(--radius);text-decoration:none;font-weight:600}
    .pager a:hover{border-color:var(--primary);background:var(--tint)}
    .pager-next{margin-left:auto;text-align:right}
    .pager-label{font-size:.72rem;font-weight:600;text-transform:uppercase;letter-spacing:.06em;color:var(--muted)}
    @media (max-width:800px){
    .nav-button{display:block}
    .sidebar{display:none;position:fixed;top:var(--top);left:0;right:0;width:auto;z-index:9;border-right:none;
    border-bottom:1px solid var(--border);box-shadow:0 10px 24px rgba(16,24,40,.15)}
    .nav-toggle:checked ~ .layout .sidebar{display:block}
    .content{padding:1.25rem 1rem 3rem}
    h1{font-size:1.65rem}
    h2{font-size:1.3rem}
    .anchor{display:none}
    }
    @media (max-width:600px){
    table.params,table.fields{display:block;border-top:2px solid var(--border)}
    .params thead,.fields thead{display:none}
    .params tbody,.fields tbody{display:block}
    .params tr,.fields tr{display:grid;grid-template-columns:auto 1fr;gap:.2rem .8rem;padding:.55rem 0;
    border-bottom:1px solid var(--border)}
    .params td,.fields td{border:none;padding:0}
    .params td:last-child,.fields td:last-child{grid-column:1/-1}
    .params td:last-child:empty,.fields td:last-child:empty{display:none}
    }
    @media print{.sidebar,.topbar,.pager{display:none}.content{max-width:none}pre{white-space:pre-wrap}}

    """
}
