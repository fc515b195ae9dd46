/* The demo cmi5 AU: a lesson and a four-question check that speak cmi5 to the LMS that launched them.
 *
 * cmi5 section 8 and 9 as an AU does it: read the launch parameters, POST the fetch URL once for
 * the auth-token, read LMS.LaunchData and the learner preferences, send initialized, then (in
 * Normal mode) completed and passed or failed with the scaled score, then terminated, and go
 * back through returnURL. Everything comes from the launching LMS; nothing is loaded from elsewhere.
 */
"use strict";

(function () {
  var VERB = "http://adlnet.gov/expapi/verbs/";
  var CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/";
  var MASTERY = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";
  var QUESTIONS = [
    {
      text: "Which rule is applied first when classifying goods?",
      choices: [
        "GIR 1: the terms of the headings and the section and chapter notes",
        "GIR 3(c): the heading that comes last in numerical order",
        "The heading with the highest rate of duty",
      ],
      right: 0,
    },
    {
      text: "An unassembled bicycle is presented in one consignment. Where is it classified?",
      choices: [
        "With its parts, heading by heading",
        "As a bicycle: it has the essential character of the complete article (GIR 2(a))",
        "In the residual heading for other goods",
      ],
      right: 1,
    },
    {
      text: "Two headings seem to apply. Which is preferred first?",
      choices: [
        "The one giving the most specific description (GIR 3(a))",
        "The one the importer declared",
        "The one with the lower rate of duty",
      ],
      right: 0,
    },
    {
      text: "How many digits of a tariff code are the same in every country using the HS?",
      choices: ["Four", "Six", "Ten"],
      right: 1,
    },
  ];

  var params = new URLSearchParams(window.location.search);
  var launch = {
    endpoint: (params.get("endpoint") || "").replace(/\/$/, ""),
    fetchUrl: params.get("fetch"),
    actor: params.get("actor"),
    registration: params.get("registration"),
    activityId: params.get("activityId"),
  };
  var app = document.getElementById("app");
  var started = Date.now();
  var auth = "";
  var launchData = null;

  function element(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function show(children) {
    app.replaceChildren(element("div", { class: "card" }, children));
  }

  function fail(message) {
    show([element("h1", {}, ["The lesson cannot talk to Cadre"]), element("p", { class: "error" }, [message])]);
  }

  /* A version 4 UUID from the browser's random source (randomUUID needs a secure context). */
  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  function duration() {
    return "PT" + ((Date.now() - started) / 1000).toFixed(2) + "S";
  }

  function xapi(method, path, query, body) {
    var url = launch.endpoint + path + "?" + new URLSearchParams(query).toString();
    var headers = { Authorization: "Basic " + auth, "X-Experience-API-Version": "1.0.3" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(url, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (response) {
      if (!response.ok) {
        return response.text().then(function (text) {
          throw new Error(method + " " + path + " answered " + response.status + ": " + text);
        });
      }
      return response.status === 204 ? null : response.json();
    });
  }

  /* A cmi5 defined statement: the LMS's context template, the cmi5 category, moveon when judged. */
  function send(verb, result) {
    var template = launchData.contextTemplate;
    var categories = [{ id: CATEGORY + "cmi5" }];
    if (result && ("success" in result || "completion" in result)) categories.push({ id: CATEGORY + "moveon" });
    var extensions = Object.assign({}, template.extensions);
    if (result && result.score && launchData.masteryScore !== undefined) extensions[MASTERY] = launchData.masteryScore;
    var statement = {
      id: uuid(),
      actor: JSON.parse(launch.actor),
      verb: { id: VERB + verb, display: { "en-US": verb } },
      object: { id: launch.activityId, objectType: "Activity" },
      context: {
        registration: launch.registration,
        contextActivities: Object.assign({}, template.contextActivities, { category: categories }),
        extensions: extensions,
      },
      timestamp: new Date().toISOString(),
    };
    if (result) statement.result = result;
    return xapi("POST", "/statements", {}, statement);
  }

  function start() {
    if (!launch.endpoint || !launch.fetchUrl || !launch.actor || !launch.registration || !launch.activityId) {
      fail("Open this lesson from Cadre: its launch parameters are missing.");
      return;
    }
    fetch(launch.fetchUrl, { method: "POST" })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        if (!answer["auth-token"]) throw new Error(answer["error-text"] || "no auth-token");
        auth = answer["auth-token"];
        return xapi("GET", "/activities/state", {
          stateId: "LMS.LaunchData",
          activityId: launch.activityId,
          agent: launch.actor,
          registration: launch.registration,
        });
      })
      .then(function (data) {
        launchData = data;
        return xapi("GET", "/agents/profile", { agent: launch.actor, profileId: "cmi5LearnerPreferences" });
      })
      .then(function () { return send("initialized"); })
      .then(lesson)
      .catch(function (error) { fail(error.message); });
  }

  function lesson() {
    var begin = element("button", { type: "button" }, ["Start the check"]);
    begin.addEventListener("click", quiz);
    show([
      element("h1", {}, ["The General Interpretative Rules"]),
      element("p", {}, [
        "Classification starts with the terms of the headings and the section and chapter notes (GIR 1). ",
        "An incomplete or unassembled article is classified as the complete article when it has its essential character (GIR 2(a)). ",
        "When two headings apply, the most specific description wins (GIR 3(a)).",
      ]),
      element("p", {}, ["The first six digits of a code are the same in every country using the Harmonized System."]),
      begin,
    ]);
  }

  function quiz() {
    var form = element("form", { novalidate: "" }, []);
    QUESTIONS.forEach(function (question, q) {
      var choices = question.choices.map(function (choice, c) {
        return element("label", { class: "choice" }, [
          element("input", { type: "radio", name: "q" + q, value: String(c) }, []),
          element("span", {}, [choice]),
        ]);
      });
      form.appendChild(element("fieldset", {}, [element("legend", {}, ["Question " + (q + 1) + ". " + question.text])].concat(choices)));
    });
    form.appendChild(element("button", { type: "submit" }, ["Submit my answers"]));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var right = QUESTIONS.filter(function (question, q) {
        var picked = form.querySelector('input[name="q' + q + '"]:checked');
        return picked && Number(picked.value) === question.right;
      }).length;
      finish(right);
    });
    show([element("h1", {}, ["Check your understanding"]), form]);
  }

  function finish(right) {
    var scaled = right / QUESTIONS.length;
    var mastery = launchData.masteryScore === undefined ? 0.75 : launchData.masteryScore;
    var passed = scaled >= mastery;
    var judged = launchData.launchMode === "Normal";
    show([element("p", { class: "status" }, ["Saving your result…"])]);
    var chain = Promise.resolve();
    if (judged) {
      chain = chain
        .then(function () { return send("completed", { completion: true, duration: duration() }); })
        .then(function () {
          return send(passed ? "passed" : "failed", {
            success: passed,
            duration: duration(),
            score: { scaled: scaled, raw: right, min: 0, max: QUESTIONS.length },
          });
        });
    }
    chain
      .then(function () { return send("terminated", { duration: duration() }); })
      .then(function () {
        var children = [
          element("h1", {}, [passed ? "Well done: you passed" : "Not passed this time"]),
          element("p", { class: "result" }, [right + " of " + QUESTIONS.length + " right"]),
          element("p", {}, [judged ? "Your result is saved in Cadre." : "This was a " + launchData.launchMode.toLowerCase() + " launch: nothing is recorded."]),
        ];
        if (launchData.returnURL) children.push(element("a", { class: "button", href: launchData.returnURL }, ["Back to Cadre"]));
        show(children);
      })
      .catch(function (error) { fail(error.message); });
  }

  start();
})();
