/* gov.kz replica front end: renders a news list or one news item from the public API. */
(function () {
  "use strict";
  var API = "/api/v1/public/content-manager/news";
  var PAGE_SIZE = 10;
  var root = document.getElementById("root");
  var query = new URLSearchParams(window.location.search);
  var lang = query.get("lang") || "kk";
  var route = window.location.pathname.match(/^\/memleket\/entities\/([a-z0-9-]+)\/press\/news(?:\/details\/(\d+))?\/?$/);
  var words = {
    kk: { news: "Жаңалықтар", press: "Баспасөз қызметі", missing: "Бет табылмады" },
    ru: { news: "Новости", press: "Пресс-служба", missing: "Страница не найдена" }
  }[lang] || {};

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function showDate(value) {
    var m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)/.exec(value || "");
    return m ? m[3] + "." + m[2] + "." + m[1] + " " + m[4] + ":" + m[5] : "";
  }

  function getJson(url) {
    return fetch(url, { credentials: "same-origin", headers: { "Accept-Language": lang } }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    });
  }

  function renderItem(news) {
    var article = el("article", "news-details");
    var crumbs = el("nav", "breadcrumbs", words.press + " / " + words.news);
    var tags = el("div", "directions");
    (news.directions || []).forEach(function (d) { tags.appendChild(el("span", "direction", d.name)); });
    var body = el("div", "news-body");
    body.innerHTML = news.body;
    article.appendChild(crumbs);
    article.appendChild(tags);
    article.appendChild(el("h1", "news-title", news.title));
    article.appendChild(el("time", "news-date", showDate(news.created_date)));
    article.appendChild(body);
    root.replaceChildren(article);
    document.title = news.title;
  }

  function renderList(list, project, page) {
    var section = el("section", "news-list");
    section.appendChild(el("h1", "", words.news));
    list.forEach(function (news) {
      var card = el("div", "news-card");
      var link = el("a", "", news.title);
      link.href = "/memleket/entities/" + project + "/press/news/details/" + news.id + "?lang=" + lang;
      card.appendChild(el("time", "", showDate(news.created_date)));
      card.appendChild(link);
      section.appendChild(card);
    });
    if (list.length === PAGE_SIZE) {
      var next = el("a", "pagination-next", "›");
      next.rel = "next";
      next.href = "?lang=" + lang + "&page=" + (page + 1);
      section.appendChild(next);
    }
    root.replaceChildren(section);
  }

  if (!route) return;
  fetch("/api/v1/public/_/c/k6", { method: "POST", credentials: "same-origin" })
    .then(function () {
      if (route[2]) return getJson(API + "/" + route[2] + "?lang=" + lang).then(renderItem);
      var page = parseInt(query.get("page") || "1", 10);
      return getJson(API + "?projects=eq:" + route[1] + "&sort-by=created_date:DESC&page=" + page + "&size=" + PAGE_SIZE + "&lang=" + lang)
        .then(function (list) { renderList(list, route[1], page); });
    })
    .catch(function () { root.replaceChildren(el("h1", "", words.missing)); });
})();
