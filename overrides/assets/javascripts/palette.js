{#- A template (mkdocs.yml's theme.static_templates), rendered once per build: it carries mkdocs.yml's
    palettes, which every page would carry otherwise. #}
// Loaded where Material's palette script stood (in the header of overrides/main.html), fetched once instead
// of carried by every page. It does three things, in order, before the page is painted:

// 1. The helpers Material's scripts use to keep a reader's choices, inline on every page in the
//    original. Their scope is the site's root: two folders above this file.
// Copied from Material 9.8.1 partials/javascripts/base.html, sha256 d6113712bc4deb30b4bd810ee0dfc28b6f04d2f88cc0016c0f1766eac7b762b6.
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};

// 2. The palette toggle's inputs and labels, Material's markup, in the header's empty form
//    (in overrides/main.html). Each palette of mkdocs.yml is
//    [media, scheme, primary, accent, toggle name, toggle icon].
// Copied from Material 9.8.1 partials/palette.html, sha256 fb935107ae7d3d7475965019eec36c1ad72bf1d154254dab2474921fcd2710e3.
{%- set options = [] %}
{%- for option in config.theme.palette %}
  {%- set _ = options.append([option.media | d(""), option.scheme | d("default", true) | replace(" ", "-"),
                              option.primary | d("indigo", true) | replace(" ", "-"),
                              option.accent | d("indigo", true) | replace(" ", "-"),
                              option.toggle.name if option.toggle else none,
                              option.toggle.icon.split("/")[-1] if option.toggle else none]) %}
{%- endfor %}
(function () {
  var form = document.querySelector("form[data-md-component=palette]");
  if (!form) return;
  var sprite = new URL("assets/images/dpa-icons.svg", __md_scope).href;
  var options = {{ options | tojson }};
  options.forEach(function (option, index) {
    var input = document.createElement("input");
    input.className = "md-option";
    ["media", "scheme", "primary", "accent"].forEach(function (key, i) {
      input.setAttribute("data-md-color-" + key, option[i]);
    });
    if (option[4]) input.setAttribute("aria-label", option[4]);
    else input.setAttribute("aria-hidden", "true");
    input.type = "radio";
    input.name = "__palette";
    input.id = "__palette_" + index;
    form.appendChild(input);
    if (!option[4]) return;
    var label = document.createElement("label");
    label.className = "md-header__button md-icon";
    label.title = option[4];
    label.htmlFor = "__palette_" + ((index + 1) % options.length);
    label.hidden = true;
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var use = document.createElementNS("http://www.w3.org/2000/svg", "use");
    use.setAttribute("href", sprite + "#" + option[5]);
    svg.appendChild(use);
    label.appendChild(svg);
    form.appendChild(label);
  });
})();

// 3. The reader's palette, restored.
// Copied from Material 9.8.1 partials/javascripts/palette.html, sha256 8790389765ea6036effddba548b15093bb05bdc75624eaeaf8b13f3c24be4ab5.
var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}
