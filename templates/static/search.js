// The search page: Pagefind's UI in Chinese, started from ?q= when the home page's form sent a query.
(function () {
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
        return result;
      },
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
