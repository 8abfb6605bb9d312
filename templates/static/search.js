// The search page, on Pagefind's JavaScript API (pagefind/pagefind.js). Every node is built with createElement
// and textContent: no string from a catalog (names, filters, excerpts) is ever parsed as HTML.
//
// The index (search.py) holds Chinese as overlapping bigrams, one Pagefind page per unit·domain with its items as
// data. A query is split at spaces and punctuation into parts; each part becomes the same words (临时救助 → 临时 时救
// 救助, one character stays itself and finds every word that starts with it). Pagefind finds and ranks the
// unit·domain pages; each item of them is shown when its row holds every part as written and it has the chosen
// filter values. The query and the filters live in the address (search.html?q=低保&领域=…).
//
// On a city's site (a list #search-counties on the page) there is no index of its own: the first county's index
// is opened and every other county's merged into it (Pagefind's mergeIndex), each with a 县 filter; a result's
// county is also known from its address (counties/<slug>/…), which is what the 县 filter checks.
(function () {
  "use strict";
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var HAN_RUN = new RegExp("[" + HAN + "]+", "g");
  var HAN_ONLY = new RegExp("^[" + HAN + "]{2,}$");
  var SEPARATORS = /[\s\p{P}\p{S}]+/u;
  var COUNTY = "县";
  var FILTERS = [COUNTY, "领域", "单位", "公开方式", "公开对象", "公开层级"];
  var ITEM_FILTERS = {"公开方式": 3, "公开对象": 4, "公开层级": 5}; // where an item's values are in its data
  var PAGE = 10; // unit·domain results per page
  var SHOWN = 3; // items shown of each before "该单位另有 N 项"
  var VERIFY_ALL = 200; // up to this many candidate pages are all checked at once, so the count is exact
  var BATCH = 40;
  var EXCERPT = 60;

  // Pinyin (search.py `pinyin_words`): a query of Latin letters is also read as the pinyin of an item's name,
  // split into syllables (dibao → di bao) or, when it cannot be, as their initials (db). Syllables as pypinyin
  // writes them (ü as v).
  var SYLLABLES = new Set((
    "a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can cang cao " +
    "ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai chuan chuang chui " +
    "chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de den deng di dian diao die ding diu " +
    "dong dou du duan dui dun duo e ei en eng er fa fan fang fei fen feng fiao fo fou fu ga gai gan gang " +
    "gao ge gei gen geng gong gou gu gua guai guan guang gui gun guo ha hai han hang hao he hei hen heng " +
    "hong hou hu hua huai huan huang hui hun huo ji jia jian jiang jiao jie jin jing jiong jiu ju juan " +
    "jue jun ka kai kan kang kao ke ken keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang " +
    "lao le lei leng li lia lian liang liao lie lin ling liu lo long lou lu luan lun luo lv lve ma mai " +
    "man mang mao me mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen " +
    "neng ni nian niang niao nie nin ning niu nong nou nu nuan nun nuo nv nve o ou pa pai pan pang pao " +
    "pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong qiu qu " +
    "quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san sang sao se sen " +
    "seng sha shai shan shang shao she shen sheng shi shou shu shua shuai shuan shuang shui shun shuo si " +
    "song sou su suan sui sun suo ta tai tan tang tao te teng ti tian tiao tie ting tong tou tu tuan tui " +
    "tun tuo wa wai wan wang wei wen weng wo wu xi xia xian xiang xiao xie xin xing xiong xiu xu xuan xue " +
    "xun ya yan yang yao ye yi yin ying yo yong you yu yuan yue yun za zai zan zang zao ze zei zen zeng " +
    "zha zhai zhan zhang zhao zhe zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi " +
    "zong zou zu zuan zui zun zuo "
  ).trim().split(" "));

  function syllables(word) {
    var memo = {};
    function from(at) {
      if (at === word.length) return [];
      if (at in memo) return memo[at];
      memo[at] = null;
      for (var length = Math.min(6, word.length - at); length >= 1; length--) {
        var syllable = word.slice(at, at + length);
        var rest = SYLLABLES.has(syllable) && from(at + length);
        if (rest) { memo[at] = [syllable].concat(rest); break; }
      }
      return memo[at];
    }
    return from(0);
  }

  // A part as pinyin: {full, spelled (syllables or initials), words (as the index holds them)}, or null.
  function pinyin(part) {
    if (!/^[a-z]{2,24}$/.test(part)) return null;
    var full = syllables(part);
    var spelled = full || part.split("");
    var words = [];
    for (var i = 0; i + 1 < spelled.length; i++) words.push(spelled[i] + spelled[i + 1]);
    return {full: !!full, spelled: spelled, words: (words.length ? words : spelled).join(" ")};
  }

  // Where in an item's name (its syllables, search.py `name_pinyin`) the pinyin query is: [start, end] or null.
  function pinyinAt(item, query) {
    var spoken = item[6];
    if (!query || !Array.isArray(spoken)) return null;
    var seen = query.full ? spoken : spoken.map(function (s) { return s ? String(s)[0] : ""; });
    var n = query.spelled.length;
    for (var at = 0; at + n <= seen.length; at++) {
      var i = 0;
      while (i < n && seen[at + i] && seen[at + i] === query.spelled[i]) i++;
      if (i === n) return [at, at + n];
    }
    return null;
  }

  function normal(text) {
    return String(text).normalize("NFKC").toLocaleLowerCase();
  }

  function queryParts(query) {
    return normal(query).split(SEPARATORS).filter(Boolean);
  }

  // A part as the index's words (search.py `bigrams`): a run of n >= 2 Chinese characters as its n - 1 bigrams.
  function words(part) {
    return part.replace(HAN_RUN, function (run) {
      if (run.length === 1) return " " + run + " ";
      var out = [];
      for (var i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
      return " " + out.join(" ") + " ";
    }).replace(/\s+/g, " ").trim();
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // `text` into `node` as text nodes, every occurrence of a part inside a <mark>.
  function marked(node, text, parts, extra) {
    var hay = normal(text);
    var ranges = extra ? [extra] : [];
    if (hay.length === text.length) { // NFKC kept the positions (it does for nearly all text)
      parts.forEach(function (part) {
        for (var at = hay.indexOf(part); at >= 0 && part; at = hay.indexOf(part, at + part.length)) {
          ranges.push([at, at + part.length]);
        }
      });
    }
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var last = 0;
    ranges.forEach(function (range) {
      if (range[0] < last) {
        if (range[1] > last) { node.lastChild.textContent += text.slice(last, range[1]); last = range[1]; }
        return;
      }
      if (range[0] > last) node.appendChild(document.createTextNode(text.slice(last, range[0])));
      node.appendChild(element("mark", "", text.slice(range[0], range[1])));
      last = range[1];
    });
    if (last < text.length) node.appendChild(document.createTextNode(text.slice(last)));
  }

  function excerpt(text, parts) {
    var flat = text.replace(/\s*\n\s*/g, " · ");
    var hay = normal(flat);
    var at = -1;
    parts.forEach(function (part) {
      var found = hay.indexOf(part);
      if (found >= 0 && (at < 0 || found < at)) at = found;
    });
    var start = Math.max(0, at - 20);
    var piece = flat.slice(start, start + EXCERPT);
    return (start > 0 ? "…" : "") + piece + (start + EXCERPT < flat.length ? "…" : "");
  }

  // Only links into this site: a page's address comes from the index, but is checked all the same.
  function safeHref(address) {
    try {
      var url = new URL(address, location.href);
      if (url.origin === location.origin && /^https?:$/.test(url.protocol)) return url.href;
    } catch (e) { /* not an address */ }
    return null;
  }

  // Pagefind 1.5 finds no page for a filter value holding " or \ (its filter query is JSON it does not unescape).
  function filterable(value) {
    return !/["\\]/.test(value);
  }

  // The counties of a city's site: [{name, index, base}], index and base as paths from the host's root.
  function readCounties() {
    var list = document.getElementById("search-counties");
    if (!list) return [];
    return Array.prototype.map.call(list.children, function (li) {
      return {
        name: li.getAttribute("data-name") || "",
        index: new URL(li.getAttribute("data-index"), location.href).pathname,
        base: new URL(li.getAttribute("data-base"), location.href).pathname
      };
    });
  }

  function countyFilter(county) {
    var filter = {};
    filter[COUNTY] = county.name;
    return filter;
  }

  function Search(pagefind, base, nodes, counties) {
    this.pagefind = pagefind;
    this.base = base;
    this.nodes = nodes;
    this.counties = counties;
    this.sequence = 0;
    this.boxes = {}; // filter checkboxes by key
  }

  Search.prototype.chosen = function () {
    var out = {};
    var boxes = this.boxes;
    Object.keys(boxes).forEach(function (key) {
      var values = boxes[key].filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
      if (values.length) out[key] = values;
    });
    return out;
  };

  Search.prototype.buildFilters = function (available, wanted) {
    var self = this;
    var groups = this.nodes.groups;
    FILTERS.forEach(function (key) {
      var values = Object.keys(available[key] || {});
      if (!values.length) return;
      values.sort(function (a, b) { return a.localeCompare(b, "zh-CN"); });
      var fieldset = element("fieldset", "search-filter");
      fieldset.appendChild(element("legend", "", key));
      var list = element("div", "search-filter-values");
      self.boxes[key] = values.map(function (value) {
        var label = element("label", "search-filter-value");
        var box = document.createElement("input");
        box.type = "checkbox";
        box.name = key;
        box.value = value;
        box.checked = (wanted[key] || []).indexOf(value) >= 0;
        box.addEventListener("change", function () { self.update(false); });
        label.appendChild(box);
        label.appendChild(document.createTextNode(value));
        list.appendChild(label);
        return box;
      });
      fieldset.appendChild(list);
      groups.appendChild(fieldset);
    });
    this.nodes.filters.hidden = !Object.keys(this.boxes).length;
  };

  Search.prototype.showChosen = function () {
    var count = 0;
    var chosen = this.chosen();
    Object.keys(chosen).forEach(function (key) { count += chosen[key].length; });
    this.nodes.chosen.textContent = count ? "（已选 " + count + " 项）" : "";
  };

  // The address says what is searched: typing and filters replace it, so Back and bookmarks come back to it.
  Search.prototype.writeAddress = function () {
    var params = new URLSearchParams();
    var query = this.nodes.input.value.trim();
    if (query) params.append("q", query);
    var chosen = this.chosen();
    Object.keys(chosen).forEach(function (key) {
      chosen[key].forEach(function (value) { params.append(key, value); });
    });
    var search = params.toString();
    var address = location.pathname + (search ? "?" + search : "");
    if (address !== location.pathname + location.search) history.replaceState(null, "", address);
  };

  Search.prototype.update = function (focusResults) {
    this.showChosen();
    this.writeAddress();
    return this.run(this.nodes.input.value, this.chosen(), focusResults);
  };

  Search.prototype.run = async function (query, chosen, focusResults) {
    var sequence = ++this.sequence;
    var nodes = this.nodes;
    var parts = queryParts(query);
    nodes.suggest.hidden = true;
    if (!parts.length) {
      nodes.results.textContent = "";
      nodes.status.textContent = "";
      nodes.more.hidden = true;
      return;
    }
    nodes.status.textContent = "正在搜索“" + query.trim() + "”……";
    var filters = {};
    Object.keys(chosen).forEach(function (key) {
      // A filter value Pagefind cannot find (see `filterable`) is left to the check of each item below.
      if (chosen[key].every(filterable)) filters[key] = {any: chosen[key]};
    });
    var pagefind = this.pagefind;
    // Ranked pages for all the words; a part of Chinese only must also be there as a phrase (Pagefind's exact
    // search, which finds neighbouring words), so that a query whose bigrams are not all indexed finds nothing.
    var searches = [pagefind.search(parts.map(words).join(" "), {filters: filters})];
    parts.forEach(function (part) {
      if (HAN_ONLY.test(part)) searches.push(pagefind.search("\"" + words(part) + "\"", {filters: filters}));
    });
    var spoken = parts.length === 1 ? pinyin(parts[0]) : null;
    var spokenSearch = spoken ? pagefind.search(spoken.words, {filters: filters}) : null;
    var answers = await Promise.all(searches);
    var spokenAnswer = spokenSearch ? await spokenSearch : null;
    if (sequence !== this.sequence) return;
    var exact = answers.slice(1).map(function (answer) {
      return new Set(answer.results.map(function (result) { return result.id; }));
    });
    var candidates = answers[0].results.filter(function (result) {
      return exact.every(function (ids) { return ids.has(result.id); });
    });
    if (spokenAnswer) { // the pages found by pinyin after those found as written
      var known = new Set(candidates.map(function (result) { return result.id; }));
      spokenAnswer.results.forEach(function (result) { if (!known.has(result.id)) candidates.push(result); });
    }
    this.state = {
      sequence: sequence, query: query.trim(), parts: parts, chosen: chosen, shown: 0, checked: 0, items: 0,
      spoken: spoken, candidates: candidates, found: []
    };
    nodes.results.textContent = "";
    await this.more();
    if (sequence === this.sequence && focusResults) nodes.status.focus();
  };

  // One unit·domain page of the index → its items that hold every part and have the chosen filters, those
  // whose name holds the query first; null when none does.
  // The county a result's address is in, on a city's site; "" elsewhere.
  Search.prototype.countyOf = function (address) {
    var path;
    try { path = new URL(address, location.href).pathname; } catch (e) { return ""; }
    var found = this.counties.filter(function (county) { return path.indexOf(county.base) === 0; })[0];
    return found ? found.name : "";
  };

  Search.prototype.section = function (data, parts, chosen, spoken) {
    var page;
    try { page = JSON.parse(data.meta.items); } catch (e) { return null; }
    if (!page || !Array.isArray(page.items)) return null;
    var county = this.countyOf(data.url);
    if (chosen[COUNTY] && chosen[COUNTY].indexOf(county) < 0) return null;
    if (chosen["领域"] && chosen["领域"].indexOf(page.domain) < 0) return null;
    if (chosen["单位"] && chosen["单位"].indexOf(page.unit) < 0) return null;
    var named = [], other = [];
    page.items.forEach(function (item) {
      if (!Array.isArray(item) || item.length < 6) return;
      for (var key in ITEM_FILTERS) {
        var values = item[ITEM_FILTERS[key]];
        if (chosen[key] && !(Array.isArray(values) && values.some(function (v) { return chosen[key].indexOf(v) >= 0; }))) return;
      }
      var name = normal(item[1]);
      var row = name + "\n" + normal(item[2]);
      if (parts.every(function (part) { return row.indexOf(part) >= 0; })) {
        (parts.every(function (part) { return name.indexOf(part) >= 0; }) ? named : other).push(item);
      } else if (pinyinAt(item, spoken)) {
        named.push(item);
      }
    });
    if (!named.length && !other.length) return null;
    return {
      page: String(data.url).split("#")[0], url: data.url,
      title: (county ? county + " · " : "") + page.domain + " · " + page.unit,
      items: named.concat(other), named: named.length
    };
  };

  Search.prototype.more = async function () {
    var state = this.state;
    var self = this;
    var target = state.shown + PAGE;
    var first = state.checked === 0 && state.candidates.length <= VERIFY_ALL;
    while (state.found.length < target && state.checked < state.candidates.length) {
      var batch = state.candidates.slice(state.checked, first ? undefined : state.checked + BATCH);
      state.checked += batch.length;
      var pages = await Promise.all(batch.map(function (result) { return result.data(); }));
      if (state.sequence !== this.sequence) return;
      var found = pages.map(function (data) { return self.section(data, state.parts, state.chosen, state.spoken); })
        .filter(Boolean);
      found.forEach(function (section) { state.items += section.items.length; });
      // Among the pages not yet shown, those with the query in an item's name first (Pagefind's order kept).
      var waiting = state.found.splice(state.shown).concat(found);
      waiting = waiting.filter(function (s) { return s.named; }).concat(waiting.filter(function (s) { return !s.named; }));
      state.found = state.found.concat(waiting);
    }
    var list = this.nodes.results;
    state.found.slice(state.shown, target).forEach(function (section) {
      list.appendChild(self.render(section, state.parts, state.spoken));
    });
    state.shown = Math.min(target, state.found.length);
    var complete = state.checked >= state.candidates.length;
    this.nodes.more.hidden = complete && state.shown >= state.found.length;
    this.say(complete);
  };

  Search.prototype.say = function (complete) {
    var state = this.state;
    var status = this.nodes.status;
    if (!state.found.length && complete) {
      status.textContent = "没有找到包含“" + state.query + "”的事项";
      this.suggest(state);
      return;
    }
    var count = state.items + (complete ? "" : "+");
    status.textContent = "找到 " + count + " 项包含“" + state.query + "”的事项，分属 " + state.found.length +
      (complete ? "" : "+") + " 个单位的领域；显示前 " + state.shown + " 个";
  };

  // A query of Chinese that finds nothing: the most common word of the item names (data/search-words.json,
  // search.py) one character away from it, offered as a link (是否要找：低保).
  Search.prototype.suggest = async function (state) {
    var query = state.parts.length === 1 ? state.parts[0] : "";
    if (!/^[\u3400-\u9fff\uf900-\ufaff]{2,5}$/.test(query)) return;
    if (!this.words) {
      this.words = fetch(this.base + "data/search-words.json").then(function (response) {
        return response.ok ? response.json() : [];
      }).catch(function () { return []; });
    }
    var words = await this.words;
    if (state !== this.state || !Array.isArray(words)) return;
    var best = null;
    for (var i = 0; i < words.length && !best; i++) { // most common first: the first one near enough
      var word = String(words[i][0]);
      if (word !== query && oneEditApart(Array.from(query), Array.from(word))) best = word;
    }
    if (!best) return;
    var suggest = this.nodes.suggest;
    var self = this;
    suggest.textContent = "是否要找：";
    var link = element("a", "", best);
    link.href = "?q=" + encodeURIComponent(best);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      self.nodes.input.value = best;
      self.update(true);
    });
    suggest.appendChild(link);
    suggest.hidden = false;
  };

  function oneEditApart(a, b) { // one character changed, added or left out
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    var j = 0;
    while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
    return a.length - i - j <= 1 && b.length - i - j <= 1;
  }

  Search.prototype.render = function (section, parts, spoken) {
    var li = element("li", "search-result");
    var heading = element("h2", "search-result-title");
    var href = safeHref(section.url);
    var link = element(href ? "a" : "span", "", section.title);
    if (href) link.href = href;
    heading.appendChild(link);
    li.appendChild(heading);
    var list = element("ul", "search-items");
    var page = safeHref(section.page);
    section.items.forEach(function (item, n) {
      var entry = element("li", "search-item");
      var name = element(page ? "a" : "span", "search-item-name");
      if (page) name.href = page.split("#")[0] + "#" + encodeURIComponent(String(item[0]));
      marked(name, String(item[1]), parts, pinyinAt(item, spoken));
      entry.appendChild(name);
      var text = excerpt(String(item[2]), parts);
      if (text) {
        var p = element("p", "search-excerpt");
        marked(p, text, parts);
        entry.appendChild(p);
      }
      if (n >= SHOWN) entry.hidden = true;
      list.appendChild(entry);
    });
    li.appendChild(list);
    var rest = section.items.length - SHOWN;
    if (rest > 0) {
      var button = element("button", "search-expand", "该单位另有 " + rest + " 项");
      button.type = "button";
      button.setAttribute("aria-expanded", "false");
      button.addEventListener("click", function () {
        var hidden = list.querySelectorAll("li[hidden]");
        hidden.forEach(function (entry) { entry.hidden = false; });
        button.remove();
        var next = list.children[SHOWN] && list.children[SHOWN].querySelector("a");
        if (next) next.focus(); // the first of the items just shown
      });
      li.appendChild(button);
    }
    return li;
  };

  function readAddress() {
    var params = new URLSearchParams(location.search);
    var wanted = {};
    FILTERS.forEach(function (key) {
      var values = params.getAll(key);
      if (values.length) wanted[key] = values;
    });
    return {query: params.get("q") || "", wanted: wanted};
  }

  async function start() {
    var offline = document.getElementById("search-offline");
    var box = document.getElementById("search");
    if (!box) return;
    if (location.protocol === "file:") {
      offline.hidden = false;
      box.hidden = true;
      return;
    }
    var nodes = {
      form: document.getElementById("search-form"),
      input: document.getElementById("search-q"),
      filters: document.getElementById("search-filters"),
      groups: document.getElementById("search-filter-groups"),
      chosen: document.getElementById("search-chosen"),
      clear: document.getElementById("search-clear"),
      status: document.getElementById("search-status"),
      suggest: document.getElementById("search-suggest"),
      results: document.getElementById("search-results"),
      more: document.getElementById("search-more")
    };
    var base = new URL(".", location.href).pathname;
    var counties = readCounties();
    var primary = counties.length ? counties[0] : {index: base + "pagefind/", base: base};
    var address = readAddress();
    nodes.input.value = address.query;
    var pagefind;
    try {
      pagefind = await import(primary.index + "pagefind.js");
      await pagefind.options({basePath: primary.index, baseUrl: primary.base});
      // Pagefind picks its query segmentation by the page's language, and splits Chinese words its own way
      // (低保 → 低 / 保): the index is zxx (search.py), and so is Pagefind while it starts.
      var root = document.documentElement;
      var language = root.getAttribute("lang");
      root.setAttribute("lang", "zxx");
      var started = pagefind.init();
      root.setAttribute("lang", language);
      await started;
      if (counties.length && filterable(primary.name)) await pagefind.options({mergeFilter: countyFilter(primary)});
      await Promise.all(counties.slice(1).map(function (county) {
        var options = {baseUrl: county.base, language: "zxx"};
        if (filterable(county.name)) options.mergeFilter = countyFilter(county);
        return pagefind.mergeIndex(county.index, options);
      }));
    } catch (e) {
      offline.hidden = false;
      box.hidden = true;
      return;
    }
    var search = new Search(pagefind, base, nodes, counties);
    // Filters collapsed on phones, so that the first result is near the top; open where there is room.
    nodes.filters.open = window.matchMedia("(min-width: 48em)").matches;
    var available = await pagefind.filters();
    if (counties.length) { // the names as the page has them, whatever Pagefind made of them
      available[COUNTY] = {};
      counties.forEach(function (county) { available[COUNTY][county.name] = 1; });
    }
    search.buildFilters(available, address.wanted);
    search.showChosen();
    var timer = null;
    nodes.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { search.update(false); }, 200);
    });
    nodes.form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      search.update(true);
    });
    nodes.clear.addEventListener("click", function () {
      Object.keys(search.boxes).forEach(function (key) {
        search.boxes[key].forEach(function (b) { b.checked = false; });
      });
      search.update(false);
    });
    nodes.more.addEventListener("click", function () {
      var next = search.state && search.state.shown;
      search.more().then(function () {
        var first = nodes.results.children[next];
        var link = first && first.querySelector("a");
        if (link) link.focus();
      });
    });
    window.addEventListener("popstate", function () {
      var again = readAddress();
      nodes.input.value = again.query;
      Object.keys(search.boxes).forEach(function (key) {
        search.boxes[key].forEach(function (b) { b.checked = (again.wanted[key] || []).indexOf(b.value) >= 0; });
      });
      search.update(false);
    });
    box.setAttribute("data-ready", "");
    if (address.query) {
      // Arriving from the home page's form (or a shared address): the results, with focus on their count.
      search.run(address.query, search.chosen(), document.activeElement === document.body);
    } else if (nodes.input.value.trim()) {
      search.update(false); // typed while the index was opening
    } else {
      nodes.input.focus();
    }
  }

  document.addEventListener("DOMContentLoaded", start);
})();
