// The search page: Pagefind's UI in Chinese, started from ?q= when the home page's form sent a query.
(function () {
  // Every Chinese character is a word of the index (see search.py), so the query is spaced the same way: 低保
  // finds the items that hold both 低 and 保, those that hold them most often first. (As an exact phrase it
  // would find only 低保 itself, but Pagefind then gives each result one sub-result instead of its items.)
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var BETWEEN_HAN = new RegExp("([" + HAN + "])(?=[" + HAN + "])", "g");
  var SPACE_IN_HAN = new RegExp("([" + HAN + "]|</mark>) +(?=[" + HAN + "]|<mark>)", "g");

  function spaced(term) {
    return term.replace(BETWEEN_HAN, "$1 ");
  }

  function unspaced(text) {
    return typeof text === "string" ? text.replace(SPACE_IN_HAN, "$1") : text;
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (location.protocol === "file:" || typeof PagefindUI === "undefined") {
      document.getElementById("search-offline").hidden = false;
      return;
    }
    var base = new URL(".", location.href).pathname;
    var ui = new PagefindUI({
      element: "#search",
      baseUrl: base,
      bundlePath: base + "pagefind/",
      showImages: false,
      showSubResults: true,
      // A result is a unit's items of one domain (see search.py): its own link goes to the domain's section,
      // without the ~n that told Pagefind the groups apart; its items are the sub-results.
      processResult: function (result) {
        result.url = result.url.replace(/~\d+$/, "");
        result.excerpt = unspaced(result.excerpt);
        (result.sub_results || []).forEach(function (sub) {
          sub.title = unspaced(sub.title);
          sub.excerpt = unspaced(sub.excerpt);
        });
        return result;
      },
      processTerm: spaced,
      resetStyles: false,
      pageSize: 10,
      excerptLength: 40,
      translations: {
        placeholder: "输入事项名称或内容，如“低保”",
        clear_search: "清除",
        load_more: "显示更多结果",
        search_label: "搜索公开事项",
        filters_label: "筛选",
        zero_results: "没有找到与“[SEARCH_TERM]”相关的事项",
        many_results: "在 [COUNT] 组事项中找到“[SEARCH_TERM]”",
        one_result: "在 1 组事项中找到“[SEARCH_TERM]”",
        alt_search: "没有找到与“[SEARCH_TERM]”相关的事项。显示“[DIFFERENT_TERM]”的结果",
        search_suggestion: "没有找到与“[SEARCH_TERM]”相关的事项。可以试试：",
        searching: "正在搜索“[SEARCH_TERM]”……"
      }
    });
    var query = new URLSearchParams(location.search).get("q");
    if (query) ui.triggerSearch(query);
  });
})();
