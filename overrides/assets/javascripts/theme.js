{#- A template (mkdocs.yml's theme.static_templates), rendered once per build: it carries mkdocs.yml's
    palettes and features, which every page would carry otherwise. #}
// Loaded in the header of overrides/main.html, fetched once instead of carried by every page: what Material's
// script (at the end of the page) and the header's buttons need, made before the page is painted. Each of
// these works only with scripts, so a page without them loses nothing: no palette toggle, no search, as with
// Material's own. In order:

// 1. The helpers Material's scripts use to keep a reader's choices, inline on every page in the
//    original. Their scope is the site's root: two folders above this file.
// Copied from Material 9.8.1 partials/javascripts/base.html, sha256 d6113712bc4deb30b4bd810ee0dfc28b6f04d2f88cc0016c0f1766eac7b762b6.
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}};

// 2. The page's parts that Material's base.html and header.html write into every page, with their markup:
//    Material's page configuration (its script reads the features; javascripts/util.js reads the base,
//    the site's root), the toggles (the search dialog is open while its box is checked, which Material's
//    CSS reads from a sibling before the header; the drawer's is looked up by Material's script though the
//    site has no drawer), the palette toggle's inputs and labels from mkdocs.yml's palettes (each is
//    [media, scheme, primary, accent, toggle name, toggle icon]), and the search button, whose hidden text
//    names the search toggle: javascripts/search.js adds the search box after it. They take this
//    script's place in the header.
// Copied from Material 9.8.1 base.html, sha256 8536d352b0093623df9e0032894f321cbe264b15a9b48cdd962583772455dadb.
// Copied from Material 9.8.1 partials/header.html, sha256 8cf3fb15bcf969ff596649616fd99366b3c31c08d57a86d05308efc16d8fa75f.
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
  var script = document.currentScript;
  var header = script.closest("header");
  var sprite = new URL("assets/images/dpa-icons.svg", __md_scope).href;
  var options = {{ options | tojson }};

  function element(tag, attributes) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    return node;
  }
  function icon(name) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var use = document.createElementNS("http://www.w3.org/2000/svg", "use");
    use.setAttribute("href", sprite + "#" + name);
    svg.appendChild(use);
    return svg;
  }

  var config = element("script", { id: "__config", type: "application/json" });
  config.textContent = JSON.stringify({ base: __md_scope.href, features: {{ (config.theme.features or []) | tojson }}, translations: {} });
  document.head.appendChild(config);

  ["drawer", "search"].forEach(function (name) {
    header.before(element("input", { class: "md-toggle", "data-md-toggle": name, type: "checkbox", id: "__" + name,
      autocomplete: "off" }));
  });

  var form = element("form", { class: "md-header__option", "data-md-component": "palette" });
  options.forEach(function (option, index) {
    var input = element("input", { class: "md-option", "data-md-color-media": option[0], "data-md-color-scheme": option[1],
      "data-md-color-primary": option[2], "data-md-color-accent": option[3], type: "radio", name: "__palette",
      id: "__palette_" + index });
    if (option[4]) input.setAttribute("aria-label", option[4]);
    else input.setAttribute("aria-hidden", "true");
    form.appendChild(input);
    if (!option[4]) return;
    var label = element("label", { class: "md-header__button md-icon", title: option[4],
      for: "__palette_" + ((index + 1) % options.length), hidden: "" });
    label.appendChild(icon(option[5]));
    form.appendChild(label);
  });

  var search = element("label", { class: "md-header__button md-icon", for: "__search" });
  var name = element("span", { class: "dpa-visually-hidden" });
  name.textContent = "Search";
  search.append(icon("magnify"), name);
  script.replaceWith(form, search);
})();

// 3. The reader's palette, restored (else Material's script sets the first palette matching the screen's).
// Copied from Material 9.8.1 partials/javascripts/palette.html, sha256 8790389765ea6036effddba548b15093bb05bdc75624eaeaf8b13f3c24be4ab5.
var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}
