/*
 * Customs valuation essentials: four short screens and a four-question quiz that report to an
 * xAPI Learning Record Store. Launched with the usual xAPI launch parameters in the URL fragment
 * (endpoint, auth, actor, registration, activity_id, return): the fragment never reaches a server
 * log, and it is cleared from the address bar as soon as it is read. The auth token is a
 * short-lived credential for this one launch; no client secret ever reaches this page.
 * Self-contained: no external script, font or request other than to the LRS.
 */
(function () {
  "use strict";

  var VERBS = {
    experienced: "http://adlnet.gov/expapi/verbs/experienced",
    answered: "http://adlnet.gov/expapi/verbs/answered",
    completed: "http://adlnet.gov/expapi/verbs/completed",
    passed: "http://adlnet.gov/expapi/verbs/passed",
    failed: "http://adlnet.gov/expapi/verbs/failed"
  };
  var PASS_MARK = 0.75;

  var SCREENS = [
    {
      title: "The transaction value",
      body: [
        "<p>Under the WTO Valuation Agreement (Article VII of the GATT), the customs value of imported goods is first of all their <strong>transaction value</strong>: the price actually paid or payable for the goods when sold for export to the country of importation (Article 1).</p>",
        "<p>The price is then <strong>adjusted</strong> under Article 8 for costs borne by the buyer that are not included in it. Most imports worldwide are valued this way.</p>"
      ]
    },
    {
      title: "When the transaction value can be used",
      body: [
        "<p>The transaction value is accepted when:</p>",
        "<ul><li>the buyer may use and dispose of the goods freely (restrictions imposed by law, on the geographical area of resale, or not substantially affecting value are allowed);</li>",
        "<li>the sale or price does not depend on a condition whose value cannot be determined;</li>",
        "<li>no part of the proceeds of resale goes back to the seller, unless it can be added;</li>",
        "<li>buyer and seller are not related, or their relationship did not influence the price.</li></ul>"
      ]
    },
    {
      title: "Adjustments: what is added (Article 8)",
      body: [
        "<p>If the buyer bears them and they are not in the price, add:</p>",
        "<ul><li>commissions and brokerage, <strong>except buying commissions</strong>;</li>",
        "<li>containers and packing;</li>",
        "<li><strong>assists</strong>: materials, tools, dies, moulds, engineering or design supplied free or at reduced cost for producing the goods;</li>",
        "<li>royalties and licence fees related to the goods and paid as a condition of sale;</li>",
        "<li>proceeds of resale that accrue to the seller;</li>",
        "<li>depending on national law: transport, loading, handling and insurance to the port or place of importation.</li></ul>"
      ]
    },
    {
      title: "When it cannot be used: the other methods, in order",
      body: [
        "<ol><li>Transaction value of <strong>identical</strong> goods (Article 2);</li>",
        "<li>transaction value of <strong>similar</strong> goods (Article 3);</li>",
        "<li><strong>deductive</strong> value, from the resale price in the importing country (Article 5);</li>",
        "<li><strong>computed</strong> value, from the cost of production (Article 6) — the importer may ask for 5 and 6 to be reversed;</li>",
        "<li>the <strong>fall-back</strong> method: reasonable means consistent with the Agreement, never arbitrary or fictitious values (Article 7).</li></ol>"
      ]
    }
  ];

  var QUESTIONS = [
    {
      id: "selling-commission",
      text: "An importer pays the seller 10,000 for the goods and, separately, 500 to the seller's agent as a selling commission. What is the basis of the transaction value?",
      choices: [["a", "9,500"], ["b", "10,000"], ["c", "10,500"]],
      answer: "c",
      why: "Selling commissions borne by the buyer are added (Article 8.1(a)(i)); only buying commissions are not."
    },
    {
      id: "not-added",
      text: "Which of these is NOT added to the price actually paid or payable?",
      choices: [["a", "A buying commission paid to the importer's own agent"], ["b", "A royalty the buyer must pay as a condition of the sale"], ["c", "Moulds the buyer supplied free of charge to the producer"]],
      answer: "a",
      why: "Buying commissions are excluded; royalties that are a condition of sale and assists such as moulds are added."
    },
    {
      id: "related-parties",
      text: "Buyer and seller are related companies. May the transaction value still be used?",
      choices: [["a", "Never"], ["b", "Yes, if the relationship did not influence the price"], ["c", "Only with the approval of the seller's customs"]],
      answer: "b",
      why: "A relationship alone is no reason to reject the transaction value (Article 1.2)."
    },
    {
      id: "next-method",
      text: "The transaction value of the imported goods cannot be determined. Which method comes next?",
      choices: [["a", "Computed value"], ["b", "Transaction value of identical goods"], ["c", "The fall-back method"]],
      answer: "b",
      why: "The methods apply in order: identical goods, similar goods, deductive, computed, fall-back."
    }
  ];

  // --- launch parameters ------------------------------------------------------------------------
  function launchParams() {
    var raw = window.location.hash ? window.location.hash.slice(1) : window.location.search.slice(1);
    var params = new URLSearchParams(raw);
    var out = {};
    ["endpoint", "auth", "actor", "registration", "activity_id", "return"].forEach(function (k) {
      out[k] = params.get(k) || "";
    });
    if (window.location.hash && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname + window.location.search);
    }
    try { out.actor = out.actor ? JSON.parse(out.actor) : null; } catch (e) { out.actor = null; }
    if (out.endpoint && out.endpoint.slice(-1) !== "/") { out.endpoint += "/"; }
    return out;
  }

  function uuid() {
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function isoDuration(ms) {
    return "PT" + Math.max(0, Math.round(ms / 100) / 10) + "S";
  }

  // --- the LRS ----------------------------------------------------------------------------------
  var launch = launchParams();
  var queue = [];
  var chain = Promise.resolve(true);
  var started = Date.now();

  function statement(verb, display, object, extra) {
    var s = {
      id: uuid(),
      actor: launch.actor,
      verb: { id: verb, display: { "en-US": display } },
      object: object,
      context: {
        registration: launch.registration,
        contextActivities: { grouping: [{ id: launch.activity_id }] }
      },
      timestamp: new Date().toISOString()
    };
    if (object.id === launch.activity_id) { delete s.context.contextActivities; }
    if (extra) { s.result = extra; }
    return s;
  }

  function moduleObject() {
    return {
      objectType: "Activity",
      id: launch.activity_id,
      definition: {
        name: { "en-US": "Customs valuation essentials" },
        type: "http://adlnet.gov/expapi/activities/module"
      }
    };
  }

  function send(statements) {
    queue = queue.concat(statements);
    return flush();
  }

  // Posts run one after another; each sends whatever is queued, so a failed batch rides along later.
  function flush() {
    chain = chain.then(post);
    return chain;
  }

  function post() {
    if (!queue.length) { return Promise.resolve(true); }
    var batch = queue.slice();
    return fetch(launch.endpoint + "statements", {
      method: "POST",
      headers: {
        "Authorization": launch.auth,
        "X-Experience-API-Version": "1.0.3",
        "Content-Type": "application/json"
      },
      body: JSON.stringify(batch),
      credentials: "omit",
      referrerPolicy: "no-referrer"
    }).then(function (response) {
      if (!response.ok) { throw new Error("The learning record store answered " + response.status); }
      queue = queue.slice(batch.length);
      setStatus("");
      return true;
    }).catch(function (err) {
      setStatus(err.message + ". Your answers are kept on this page; check the connection and try again.", true);
      return false;
    });
  }

  // --- rendering ----------------------------------------------------------------------------------
  var app = document.getElementById("app");
  var statusLine = null;

  function setStatus(text, isError) {
    if (!statusLine) { return; }
    statusLine.textContent = text;
    statusLine.className = "status" + (isError ? " error" : "");
  }

  function el(tag, attrs, html) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (html !== undefined) { node.innerHTML = html; }
    return node;
  }

  function frame(step, total, title) {
    app.innerHTML = "";
    var card = el("section", { "class": "card" });
    card.appendChild(el("p", { "class": "progress" }, "Step " + step + " of " + total));
    var bar = el("div", { "class": "bar", "aria-hidden": "true" });
    bar.appendChild(el("span", { style: "width:" + Math.round((step / total) * 100) + "%" }));
    card.appendChild(bar);
    card.appendChild(el("h1", {}, title));
    app.appendChild(card);
    statusLine = el("p", { "class": "status", role: "status" });
    app.appendChild(statusLine);
    return card;
  }

  var total = SCREENS.length + QUESTIONS.length + 1;

  function showScreen(i) {
    var screen = SCREENS[i];
    var card = frame(i + 1, total, screen.title);
    card.appendChild(el("div", {}, screen.body.join("")));
    var actions = el("div", { "class": "actions" });
    var next = el("button", { type: "button" }, i + 1 < SCREENS.length ? "Next" : "Start the quiz");
    next.addEventListener("click", function () {
      send([statement(VERBS.experienced, "experienced", {
        objectType: "Activity",
        id: launch.activity_id + "/screens/" + (i + 1),
        definition: { name: { "en-US": screen.title }, type: "http://adlnet.gov/expapi/activities/lesson" }
      })]);
      if (i + 1 < SCREENS.length) { showScreen(i + 1); } else { showQuestion(0, 0); }
    });
    actions.appendChild(next);
    card.appendChild(actions);
  }

  function showQuestion(q, correct) {
    var question = QUESTIONS[q];
    var card = frame(SCREENS.length + q + 1, total, "Question " + (q + 1) + " of " + QUESTIONS.length);
    var form = el("form", {});
    var fieldset = el("fieldset", {});
    fieldset.appendChild(el("legend", {}, question.text));
    question.choices.forEach(function (choice) {
      var label = el("label", { "class": "choice" });
      var input = el("input", { type: "radio", name: "answer", value: choice[0] });
      label.appendChild(input);
      label.appendChild(el("span", {}, choice[1]));
      fieldset.appendChild(label);
    });
    form.appendChild(fieldset);
    var actions = el("div", { "class": "actions" });
    var check = el("button", { type: "submit" }, "Check my answer");
    actions.appendChild(check);
    form.appendChild(actions);
    card.appendChild(form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var picked = form.querySelector("input[name=answer]:checked");
      if (!picked) { setStatus("Choose an answer first.", true); return; }
      var right = picked.value === question.answer;
      Array.prototype.forEach.call(form.querySelectorAll("input"), function (i) { i.disabled = true; });
      send([statement(VERBS.answered, "answered", {
        objectType: "Activity",
        id: launch.activity_id + "/questions/" + question.id,
        definition: {
          type: "http://adlnet.gov/expapi/activities/cmi.interaction",
          interactionType: "choice",
          description: { "en-US": question.text },
          correctResponsesPattern: [question.answer],
          choices: question.choices.map(function (c) { return { id: c[0], description: { "en-US": c[1] } }; })
        }
      }, { response: picked.value, success: right })]);
      var feedback = el("div", { "class": "feedback " + (right ? "right" : "wrong") },
        "<strong>" + (right ? "Correct." : "Not quite.") + "</strong> " + question.why);
      form.appendChild(feedback);
      check.remove();
      var next = el("button", { type: "button" }, q + 1 < QUESTIONS.length ? "Next question" : "See my result");
      next.addEventListener("click", function () {
        if (q + 1 < QUESTIONS.length) { showQuestion(q + 1, correct + (right ? 1 : 0)); } else { finish(correct + (right ? 1 : 0)); }
      });
      actions.appendChild(next);
      next.focus();
    });
  }

  function finish(correct) {
    var scaled = correct / QUESTIONS.length;
    var passed = scaled >= PASS_MARK;
    var card = frame(total, total, passed ? "Well done: you passed" : "Not passed this time");
    card.appendChild(el("p", { "class": "result" }, correct + " of " + QUESTIONS.length + " correct (" + Math.round(scaled * 100) + " %)"));
    card.appendChild(el("p", {}, passed
      ? "Your result counts towards the course and as evidence of your valuation competency."
      : "You need " + Math.round(PASS_MARK * 100) + " % to pass. Read the screens again and retry."));
    var saved = el("p", { "class": "status", id: "saved" }, "Saving your result…");
    card.appendChild(saved);
    var actions = el("div", { "class": "actions" });
    if (!passed) {
      var retry = el("button", { type: "button", "class": "secondary" }, "Try again");
      retry.addEventListener("click", function () { started = Date.now(); showScreen(0); });
      actions.appendChild(retry);
    }
    if (launch["return"]) {
      actions.appendChild(el("a", { "class": "button", href: launch["return"] }, "Back to Cadre"));
    }
    card.appendChild(actions);
    var score = { scaled: scaled, raw: correct, min: 0, max: QUESTIONS.length };
    var duration = isoDuration(Date.now() - started);
    send([
      statement(VERBS.completed, "completed", moduleObject(), { completion: true, duration: duration }),
      statement(passed ? VERBS.passed : VERBS.failed, passed ? "passed" : "failed", moduleObject(), {
        score: score, success: passed, completion: true, duration: duration
      })
    ]).then(function (ok) {
      saved.textContent = ok ? "Your result is saved in Cadre." : "Your result is not saved yet.";
      if (!ok) {
        var again = el("button", { type: "button", "class": "secondary" }, "Send again");
        again.addEventListener("click", function () {
          flush().then(function (done) { if (done) { saved.textContent = "Your result is saved in Cadre."; again.remove(); } });
        });
        actions.appendChild(again);
      }
    });
  }

  if (!launch.endpoint || !launch.auth || !launch.actor || !launch.activity_id || !launch.registration) {
    app.innerHTML = "<section class=\"card\"><h1>Start this module from Cadre</h1><p>Open <em>My learning</em> in Cadre and choose <em>Start</em>: the module then knows who you are and where to save your result.</p></section>";
    return;
  }
  showScreen(0);
})();
