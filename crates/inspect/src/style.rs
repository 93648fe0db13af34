//! The inline stylesheet and script every inspection page carries (the pages
//! are self-contained: no network, no external files).

/// Stylesheet shared by the page views and the index.
pub(crate) const CSS: &str = r#"
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:13px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1a1a1a;background:#e9e9ee}
a{color:#0645ad}
header.bar{display:flex;flex-wrap:wrap;align-items:center;gap:4px 14px;padding:6px 12px;background:#fff;border-bottom:1px solid #ccc;min-height:40px}
header.bar .src{font-weight:600}
header.bar .stats{color:#555}
.legend{display:flex;flex-wrap:wrap;gap:2px 10px;align-items:center;font-size:12px;color:#333}
.legend span.item{display:inline-flex;align-items:center;gap:4px;white-space:nowrap}
.sw{display:inline-block;width:16px;height:11px;border:1px solid #888;vertical-align:middle}
.sw[data-kind="number"]{background:rgba(0,170,60,.30);border-color:#0a7d32}
.sw[data-kind="missing"]{background:rgba(120,120,120,.35);border-color:#666}
.sw[data-kind="malformed"]{background:rgba(255,0,0,.45);border:2px solid #d00000}
.sw[data-kind="text"]{background:rgba(40,110,255,.18);border-color:#1f5fe0}
.sw[data-kind="empty"]{background:#fff;border:1px dotted #999}
.sw.sum{background:rgba(255,190,0,.35);border:2px solid #c98a00}
.sw.section{background:rgba(150,90,255,.18);border-color:#7a4fd6}
.sw.tbl{background:none;border:2px solid #c2185b}
.sw.rowband{background:none;border:1px solid #5c6bc0}
.sw.colband{background:none;border:1px dashed #ef8c00}
.sw.finding{background:none;border:3px solid #ff00d4}
main.view{display:grid;grid-template-columns:minmax(0,1fr) minmax(440px,38%);height:calc(100vh - 41px)}
#page{overflow:auto;padding:10px}
#page svg.pdf{display:block;width:100%;height:auto;max-width:1400px;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.35)}
#panel{overflow:auto;background:#fafafa;border-left:1px solid #ccc;padding:8px 12px}
svg.pdf .paper{fill:#fff}
svg.pdf .shade{fill:#ececec}
svg.pdf .rule{fill:#9a9a9a}
svg.pdf .words text{font-family:Arial,Helvetica,"Liberation Sans",sans-serif;fill:#000;pointer-events:none}
svg.pdf rect{vector-effect:non-scaling-stroke}
svg.pdf rect.table{fill:none;stroke:#c2185b;stroke-width:2px}
svg.pdf rect.row{fill:none;stroke:#5c6bc0;stroke-width:.6px;stroke-opacity:.8}
svg.pdf rect.row[data-class="sum"]{fill:rgba(255,190,0,.30);stroke:#c98a00;stroke-width:1.6px;stroke-opacity:1}
svg.pdf rect.row[data-class="section"]{fill:rgba(150,90,255,.16);stroke:#7a4fd6;stroke-width:1px}
svg.pdf rect.col{fill:none;stroke:#ef8c00;stroke-width:.8px;stroke-dasharray:4 3}
svg.pdf rect.cell{stroke-width:.8px;cursor:pointer}
svg.pdf rect.cell[data-kind="number"]{fill:rgba(0,170,60,.25);stroke:#0a7d32}
svg.pdf rect.cell[data-kind="missing"]{fill:rgba(120,120,120,.32);stroke:#666}
svg.pdf rect.cell[data-kind="malformed"]{fill:rgba(255,0,0,.40);stroke:#d00000;stroke-width:2.5px}
svg.pdf rect.cell[data-kind="text"]{fill:rgba(40,110,255,.14);stroke:#1f5fe0}
svg.pdf rect.cell[data-kind="empty"]{fill:none;stroke:#999;stroke-dasharray:2 2}
svg.pdf rect.cell[data-finding]{stroke:#ff00d4;stroke-width:3px}
svg.pdf rect.cell:hover,svg.pdf rect.cell[data-hl]{stroke:#000;stroke-width:3px}
svg.pdf rect.caption{fill:rgba(194,24,91,.10);stroke:#c2185b;stroke-width:1px;stroke-dasharray:3 2}
svg.pdf line.link{stroke:#c2185b;stroke-width:.8;stroke-dasharray:3 2}
svg.pdf text.tag{font:bold 7px Arial,sans-serif;fill:#c2185b}
#panel h1{font-size:15px;margin:4px 0 8px}
#panel h2{font-size:14px;margin:14px 0 4px;scroll-margin-top:8px}
#panel h2 .tid{color:#c2185b}
#panel h2:target{background:#fff3c4}
#panel .meta{color:#555;margin:0 0 6px}
#panel .scroll{overflow-x:auto}
table.ext{border-collapse:collapse;font-size:12px;background:#fff}
table.ext th,table.ext td{border:1px solid #c8c8c8;padding:1px 5px;vertical-align:top}
table.ext thead th{background:#eef0f6;font-weight:600;text-align:center}
table.ext tbody th{text-align:left;font-weight:normal;max-width:260px}
table.ext tbody td{text-align:right;white-space:nowrap}
table.ext [data-kind="number"]{background:rgba(0,170,60,.18)}
table.ext [data-kind="missing"]{background:rgba(120,120,120,.25);color:#444}
table.ext [data-kind="malformed"]{background:rgba(255,0,0,.35);outline:2px solid #d00000;outline-offset:-2px;font-weight:600}
table.ext [data-kind="text"]{background:rgba(40,110,255,.10)}
table.ext tbody th[data-kind="text"]{background:#fff}
table.ext tr[data-class="sum"]>*{font-weight:700;border-top:2px solid #c98a00}
table.ext tr[data-class="sum"]>th{background:rgba(255,190,0,.30)}
table.ext tr[data-class="section"]>th{font-style:italic;font-weight:600;background:rgba(150,90,255,.16)}
table.ext tr[data-elsewhere]>*{opacity:.45}
table.ext [data-finding]{outline:3px solid #ff00d4;outline-offset:-3px}
table.ext [data-hl]{outline:3px solid #000;outline-offset:-3px}
ul.findings{margin:6px 0;padding-left:18px}
ul.findings li{margin:2px 0}
ul.findings li[data-sev="error"] b{color:#b00000}
ul.findings li[data-sev="warning"] b{color:#b35c00}
ul.findings li[data-sev="info"] b{color:#555}
ul.notes{margin:4px 0;padding-left:18px;color:#444;font-size:12px}
.none{color:#777;font-style:italic}
body.index{background:#fff;padding:12px 18px}
body.index table{border-collapse:collapse}
body.index th,body.index td{border:1px solid #ccc;padding:3px 7px;text-align:left;vertical-align:top}
body.index th{background:#eef0f6}
body.index td.n{text-align:right}
body.index td:first-child{white-space:nowrap}
body.index .bad{color:#b00000;font-weight:600}
"#;

/// Links a cell outline and its panel cell while hovering either, and
/// scrolls the other into view on a click.
pub(crate) const JS: &str = r#"
(function(){
  function peers(el){
    var sel='[data-table="'+CSS.escape(el.getAttribute('data-table'))+'"][data-row="'+el.getAttribute('data-row')+'"][data-col="'+el.getAttribute('data-col')+'"]';
    return document.querySelectorAll(sel);
  }
  document.addEventListener('mouseover',function(e){
    document.querySelectorAll('[data-hl]').forEach(function(x){x.removeAttribute('data-hl');});
    var el=e.target.closest&&e.target.closest('[data-col][data-row]');
    if(el){peers(el).forEach(function(x){x.setAttribute('data-hl','');});}
  });
  document.addEventListener('click',function(e){
    var el=e.target.closest&&e.target.closest('[data-col][data-row]');
    if(!el){return;}
    peers(el).forEach(function(x){if(x!==el){x.scrollIntoView({block:'center',inline:'nearest'});}});
  });
})();
"#;
