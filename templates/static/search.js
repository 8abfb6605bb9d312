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
      showSubResults: false,
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
        many_results: "找到 [COUNT] 个与“[SEARCH_TERM]”相关的事项",
        one_result: "找到 1 个与“[SEARCH_TERM]”相关的事项",
        alt_search: "没有找到与“[SEARCH_TERM]”相关的事项。显示“[DIFFERENT_TERM]”的结果",
        search_suggestion: "没有找到与“[SEARCH_TERM]”相关的事项。可以试试：",
        searching: "正在搜索“[SEARCH_TERM]”……"
      }
    });
    var query = new URLSearchParams(location.search).get("q");
    if (query) ui.triggerSearch(query);
  });
})();
