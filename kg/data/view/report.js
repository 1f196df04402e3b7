// The report's page: counts the posts its filters keep, draws the most mentioned entities with vis-network and the
// chosen official's events with vis-timeline, and lists the posts behind what is clicked. Data: kg/view.py.
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("omkg-data").textContent);
  const TYPES = {
    Person: { name: "People", colour: "#e4572e" },
    Organisation: { name: "Organisations", colour: "#2e86ab" },
    Location: { name: "Places", colour: "#59a14f" },
  };
  const LISTED = 100; // posts listed at most for one click
  const $ = (id) => document.getElementById(id);
  const entities = data.entities, posts = data.posts, events = data.events;
  const dates = posts.map((p) => p.date).filter(Boolean).sort();
  const firstDate = dates[0] || "", lastDate = dates[dates.length - 1] || "";
  const number = (n) => n.toLocaleString("en");
  const plural = (n, one, many) => `${number(n)} ${n === 1 ? one : many || one + "s"}`;
  const normal = (name) => name.normalize("NFKC").toLocaleLowerCase().replace(/^[#@]/, "").trim();

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
    for (const child of children) node.append(child);
    return node;
  }

  // ---- filters ----
  const typeBoxes = {}, channelBoxes = [];
  for (const [type, style] of Object.entries(TYPES)) {
    typeBoxes[type] = element("input", { type: "checkbox", checked: "", "data-type": type });
    $("omkg-types").append(element("label", {}, typeBoxes[type],
      element("span", { class: "swatch", style: `background:${style.colour}` }), style.name));
  }
  data.channels.forEach((name, index) => {
    channelBoxes[index] = element("input", { type: "checkbox", checked: "", "data-channel": String(index) });
    $("omkg-channels").append(element("label", {}, channelBoxes[index], name || "(no channel)"));
  });
  for (const input of [$("omkg-from"), $("omkg-to")]) {
    input.min = firstDate;
    input.max = lastDate;
  }
  $("omkg-from").value = firstDate;
  $("omkg-to").value = lastDate;

  function filters() {
    const from = $("omkg-from").value, to = $("omkg-to").value;
    return {
      types: new Set(Object.keys(TYPES).filter((type) => typeBoxes[type].checked)),
      channels: new Set(channelBoxes.map((box, index) => (box.checked ? index : -1)).filter((i) => i >= 0)),
      from, to,
      // undated posts are kept while the period is the whole of the posts' dates
      undated: (!from || from <= firstDate) && (!to || to >= lastDate),
      limit: Math.max(1, parseInt($("omkg-limit").value, 10) || 1),
      weight: Math.max(1, parseInt($("omkg-weight").value, 10) || 1),
    };
  }

  function keptPosts(f) {
    const kept = [];
    posts.forEach((post, index) => {
      if (!f.channels.has(post.channel)) return;
      if (post.date ? (f.from && post.date < f.from) || (f.to && post.date > f.to) : !f.undated) return;
      kept.push(index);
    });
    return kept;
  }

  // ---- the network ----
  const nodes = new vis.DataSet(), edges = new vis.DataSet();
  const network = new vis.Network($("omkg-network"), { nodes, edges }, {
    nodes: {
      shape: "dot", font: { size: 12 }, scaling: { min: 6, max: 42, label: { enabled: true, min: 11, max: 22 } },
    },
    edges: { color: { color: "#c8c8c8", highlight: "#555" }, scaling: { min: 1, max: 8 }, smooth: false },
    physics: { solver: "forceAtlas2Based", stabilization: { iterations: 300, fit: true } },
    interaction: { hover: true, tooltipDelay: 150 },
    layout: { randomSeed: 1 }, // the same picture each time the report opens
  });
  network.on("stabilizationIterationsDone", () => network.setOptions({ physics: { enabled: false } }));
  let current = { kept: [], drawn: new Set() };

  function tooltip(entity, count) {
    const lines = [`${entity.label} (${entity.kind || entity.type})`,
      `${plural(count, "post")} here, ${plural(entity.posts_in_build, "post")} in the build`,
      `degree centrality ${entity.degree}, betweenness ${entity.betweenness}`
        + (entity.community === null ? "" : `, community ${entity.community}`)];
    return element("div", {}, ...lines.flatMap((line, i) => (i ? [element("br"), line] : [line])));
  }

  function drawNetwork(f, kept) {
    const counts = new Map();
    for (const p of kept) {
      for (const e of posts[p].entities) {
        if (f.types.has(entities[e].type)) counts.set(e, (counts.get(e) || 0) + 1);
      }
    }
    const ranked = [...counts.keys()].sort((a, b) => counts.get(b) - counts.get(a)
      || entities[a].label.localeCompare(entities[b].label));
    const drawn = new Set(ranked.slice(0, f.limit));
    const pairs = new Map();
    for (const p of kept) {
      const named = posts[p].entities.filter((e) => drawn.has(e)).sort((a, b) => a - b);
      for (let i = 0; i < named.length; i++) {
        for (let j = i + 1; j < named.length; j++) {
          const key = `${named[i]}-${named[j]}`;
          pairs.set(key, (pairs.get(key) || 0) + 1);
        }
      }
    }
    network.setOptions({ physics: { enabled: true } });
    nodes.clear();
    edges.clear();
    nodes.add([...drawn].map((e) => ({
      id: e, label: entities[e].label, value: counts.get(e), title: tooltip(entities[e], counts.get(e)),
      color: { background: TYPES[entities[e].type].colour, border: TYPES[entities[e].type].colour },
    })));
    const links = [...pairs].filter(([, weight]) => weight >= f.weight);
    edges.add(links.map(([key, weight]) => {
      const [from, to] = key.split("-").map(Number);
      return { id: key, from, to, value: weight, title: `co-mentioned in ${plural(weight, "post")}` };
    }));
    network.stabilize(300);
    const period = firstDate ? ` (${f.from || firstDate} – ${f.to || lastDate})` : "";
    $("omkg-status").textContent = `Drawn: ${number(drawn.size)} of ${plural(counts.size, "entity", "entities")} `
      + `and ${plural(links.length, "co-mention link")} (of ${number(pairs.size)}), `
      + `from ${number(kept.length)} of ${plural(posts.length, "post")}`
      + period + ". Size: posts that mention the entity.";
    return drawn;
  }

  // ---- the list of posts behind a click (listed again, of the posts kept, when the filters change) ----
  let listing = null;
  function list(what) {
    listing = what;
    what();
  }

  function showPosts(title, note, indices) {
    $("omkg-details-title").textContent = title;
    $("omkg-details-note").textContent = note;
    const list = $("omkg-posts");
    list.replaceChildren();
    const ordered = [...indices].sort((a, b) => (posts[b].date || "").localeCompare(posts[a].date || "") || b - a);
    for (const p of ordered.slice(0, LISTED)) {
      const post = posts[p];
      const meta = element("div", { class: "meta" },
        `${post.date || "undated"} · ${data.channels[post.channel] || "(no channel)"} · `);
      meta.append(post.url ? element("a", { href: post.url, target: "_blank", rel: "noopener" }, post.id) : post.id);
      list.append(element("li", { "data-post": post.id }, meta, element("p", { class: "text" }, post.text)));
    }
    if (ordered.length > LISTED) {
      list.append(element("li", { class: "note" }, `… and ${plural(ordered.length - LISTED, "more post")}`));
    }
  }

  function showEntity(e) {
    const entity = entities[e];
    const mentioning = current.kept.filter((p) => posts[p].entities.includes(e));
    const drawn = current.drawn.has(e) ? "" : " Not drawn under the current filters.";
    showPosts(entity.label, `${entity.kind || entity.type}: mentioned in ${plural(mentioning.length, "post")} `
      + `kept by the filters (${plural(entity.posts_in_build, "post")} in the build).${drawn}`, mentioning);
    if (entity.type === "Person" && officials.has(e)) {
      $("omkg-official").value = String(e);
      drawTimeline();
    }
  }

  function showPair(a, b) {
    const both = current.kept.filter((p) => posts[p].entities.includes(a) && posts[p].entities.includes(b));
    showPosts(`${entities[a].label} and ${entities[b].label}`, `Co-mentioned in ${plural(both.length, "post")}.`,
      both);
  }

  network.on("click", (params) => {
    if (params.nodes.length) {
      list(() => showEntity(params.nodes[0]));
    } else if (params.edges.length) {
      const [a, b] = String(params.edges[0]).split("-").map(Number);
      list(() => showPair(a, b));
    }
  });

  // ---- search ----
  const names = new Map(); // a name as typed → the entities it names
  entities.forEach((entity, index) => {
    for (const name of [entity.label, ...entity.aliases]) {
      const key = normal(name);
      if (!names.has(key)) names.set(key, []);
      if (!names.get(key).includes(index)) names.get(key).push(index);
    }
  });
  const byPosts = (a, b) => entities[b].posts_in_build - entities[a].posts_in_build;
  $("omkg-names").append(...entities.map((entity) => element("option", { value: entity.label })));

  function find(query) {
    const key = normal(query);
    if (!key) return;
    let found = (names.get(key) || []).slice().sort(byPosts);
    if (!found.length) {
      found = [...names].filter(([name]) => name.includes(key)).flatMap(([, list]) => list).sort(byPosts);
    }
    if (!found.length) {
      list(() => showPosts("Not found", `No entity is named “${query}”.`, []));
      return;
    }
    const e = found[0];
    if (current.drawn.has(e)) {
      network.selectNodes([e]);
      network.focus(e, { scale: 1.2 });
    }
    list(() => showEntity(e));
  }
  $("omkg-search").addEventListener("change", (event) => find(event.target.value));
  $("omkg-search").addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      find(event.target.value);
    }
  });

  // ---- an official's timeline ----
  const timelineItems = new vis.DataSet();
  const timeline = new vis.Timeline($("omkg-timeline"), timelineItems, {
    stack: true, maxHeight: 360, orientation: "top", zoomKey: "ctrlKey", selectable: true,
  });
  let officials = new Map(); // person → the events of kept posts they take part in

  const typeName = (event) => event.type.replace(/_/g, " ");

  function eventLabel(event) {
    const place = event.place === null ? "" : ` · ${entities[event.place].label}`;
    return `${typeName(event)}${place}`;
  }

  function fullDate(date) {
    return /^\d{4}-\d{2}-\d{2}$/.test(date || "");
  }

  function listOfficials(kept) {
    officials = new Map();
    const reported = new Set(kept.flatMap((p) => posts[p].events));
    for (const v of reported) {
      for (const person of events[v].participants) {
        if (entities[person].type !== "Person") continue;
        if (!officials.has(person)) officials.set(person, []);
        officials.get(person).push(v);
      }
    }
    const select = $("omkg-official"), chosen = select.value;
    const ranked = [...officials.keys()].sort((a, b) => officials.get(b).length - officials.get(a).length
      || entities[a].label.localeCompare(entities[b].label));
    select.replaceChildren(...ranked.map((person) => element("option", { value: String(person) },
      `${entities[person].label} (${plural(officials.get(person).length, "event")})`)));
    if (chosen !== "" && officials.has(Number(chosen))) select.value = chosen;
  }

  function drawTimeline() {
    const person = Number($("omkg-official").value);
    const own = officials.get(person) || [];
    const dated = own.filter((v) => fullDate(events[v].date));
    timelineItems.clear();
    timelineItems.add(dated.map((v) => {
      const event = events[v];
      const ranged = fullDate(event.end) && event.end > event.date;
      const others = event.participants.filter((p) => p !== person).map((p) => entities[p].label);
      return {
        id: v, content: element("span", {}, eventLabel(event)), start: event.date,
        end: ranged ? event.end : undefined, type: ranged ? "range" : "box", className: "event",
        title: element("span", {}, `${event.date}${ranged ? " – " + event.end : ""}: ${eventLabel(event)}`
          + (others.length ? ` with ${others.join(", ")}` : "")),
      };
    }));
    if (dated.length) timeline.fit({ animation: false });
    const undated = own.length - dated.length;
    $("omkg-timeline-note").textContent = !officials.size
      ? "No official takes part in an event of the posts the filters keep."
      : `${plural(dated.length, "event")} of ${entities[person].label} on the timeline`
        + (undated ? `; ${plural(undated, "event")} without a full date left off` : "")
        + ". Click one for the posts that report it.";
  }
  $("omkg-official").addEventListener("change", drawTimeline);

  function showEvent(event) {
    const kept = new Set(current.kept);
    const people = event.participants.map((p) => entities[p].label);
    showPosts(`${typeName(event)}, ${event.date || "undated"}${event.end ? " – " + event.end : ""}`,
      `${eventLabel(event)}${people.length ? "; participants: " + people.join(", ") : ""}.`,
      event.posts.filter((p) => kept.has(p)));
  }

  timeline.on("select", (properties) => {
    if (properties.items.length) list(() => showEvent(events[properties.items[0]]));
  });

  // ---- putting it together ----
  function update() {
    const f = filters();
    const kept = keptPosts(f);
    current = { kept, drawn: drawNetwork(f, kept) };
    listOfficials(kept);
    drawTimeline();
    if (listing) listing();
  }
  $("omkg-filters").addEventListener("change", (event) => {
    if (event.target.id !== "omkg-search") update();
  });
  $("omkg-filters").addEventListener("submit", (event) => event.preventDefault());

  const sampled = data.posts_total > posts.length
    ? ` The report holds the latest ${number(posts.length)} of them (kg view --max-posts).` : "";
  $("omkg-summary").textContent = `${plural(data.posts_total, "post")} in ${data.build}${firstDate
    ? `, ${firstDate} – ${lastDate}` : ""}; ${plural(entities.length, "entity", "entities")}, `
    + `${plural(events.length, "event")}.${sampled}`;
  update();
  window.omkgReport = { data, network, timeline, nodes, edges, timelineItems };
})();
