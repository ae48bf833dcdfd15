// Ombudsguiden's chat page. No framework: the page is server-rendered, this only adds the chat.
// Bot and user text is always inserted with textContent, never as HTML.
// One file, because the server hands out only chat.js and chat.css (STATIC_FILES in bot/web/chat.py).
"use strict";

const SENDER_KEY = "ombudsguiden.samtal";
const PREFERENCES_KEY = "ombudsguiden.installningar";
const SENDER_HEADER = "X-Samtal";
const MAX_MESSAGE_LENGTH = 2000;
// Only http and https addresses become links; the label is the address itself, as text.
const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;
const DELETE_QUESTION = "Vill du radera hela konversationen? Det går inte att ångra.\n\n"
  + "En kontaktförfrågan som du redan har skickat finns kvar hos kontoret "
  + "tills du tar bort den: skriv ”ta bort” och din kod i chatten.";

// ---- Storage ----------------------------------------------------------------------------------

// Preferences last (localStorage); the conversation id lasts until the tab is closed (sessionStorage),
// so the next person on a shared computer does not find the conversation.
// Either storage can be off (private mode, strict settings); the chat must work anyway.
function stored(key, storage) {
  try { return (storage || window.localStorage).getItem(key); } catch (error) { return null; }
}
function store(key, value, storage) {
  try {
    const where = storage || window.localStorage;
    if (value === null) { where.removeItem(key); } else { where.setItem(key, value); }
  } catch (error) { /* the setting lasts until the page is closed */ }
}
function session() {
  try { return window.sessionStorage; } catch (error) { return null; }
}

function savedSender() { return stored(SENDER_KEY, session()); }
function saveSender(sender) { store(SENDER_KEY, sender, session()); }

function loadPreferences() {
  try { return JSON.parse(stored(PREFERENCES_KEY) || "{}"); } catch (error) { return {}; }
}
function savePreferences(preferences) { store(PREFERENCES_KEY, JSON.stringify(preferences)); }

function newSenderId() {
  if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
  const bytes = new Uint8Array(16);
  window.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// ---- Network ----------------------------------------------------------------------------------

// The emergency number as the crisis bar shows it (from the knowledge base).
function emergencyNumber() {
  const link = document.querySelector('.kris a[href^="tel:"]');
  return (link && link.textContent.trim()) || "112";
}
function notAnswering() {
  return `Chatten svarar inte just nu. Försök igen om en stund. Akut? Ring ${emergencyNumber()}.`;
}

// Every failure becomes an Error whose message a person can read: the server's own text when it
// sent one, else `failed`; `unreachable` when nothing came back (the browser's own error is in English).
async function requestJson(url, options, failed, unreachable = failed) {
  let response;
  try {
    response = await fetch(url, options);
  } catch (failure) {
    throw new Error(unreachable);
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) { throw new Error(data.error || failed); }
  return data;
}

function postToChat(sender, message) {
  return requestJson("/api/chat", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ sender: sender, ...message }),
  }, "Något gick fel. Försök igen.", notAnswering());
}

async function loadConversation(sender) {
  const data = await requestJson("/api/conversation", { headers: { [SENDER_HEADER]: sender } }, notAnswering());
  return data.messages || [];
}

function deleteConversation(sender) {
  return requestJson("/api/conversation", { method: "DELETE", headers: { [SENDER_HEADER]: sender } },
    "Konversationen kunde inte raderas. Försök igen.");
}

// ---- Message rendering ------------------------------------------------------------------------

function safeHref(address) {
  try {
    const parsed = new URL(address);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (error) {
    return null;
  }
}

function addressNode(address) {
  const href = safeHref(address);
  if (!href) { return document.createTextNode(address); }
  const link = document.createElement("a");
  link.href = href;
  link.rel = "noopener noreferrer";
  link.textContent = address;
  return link;
}

// Text with its web addresses as real links, built node by node (never as HTML).
function renderText(element, text) {
  let done = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    // Punctuation after an address ends the sentence, not the address.
    const address = match[0].replace(/[.,;:!?)\]]+$/, "");
    element.appendChild(document.createTextNode(text.slice(done, match.index)));
    element.appendChild(addressNode(address));
    done = match.index + address.length;
  }
  element.appendChild(document.createTextNode(text.slice(done)));
}

// `buttons`: from the bot ({title, payload}) or from the page ({title, preset}).
// `choose(message, title)` is called when one is pressed.
function choiceButtons(buttons, choose) {
  const choices = document.createElement("div");
  choices.className = "val";
  buttons.forEach((button) => {
    const choice = document.createElement("button");
    choice.type = "button";
    choice.textContent = button.title;
    const message = button.preset ? { preset: button.preset } : { payload: button.payload };
    choice.addEventListener("click", () => choose(message, button.title));
    choices.appendChild(choice);
  });
  return choices;
}

function messageElement(from, text, buttons, choose) {
  const item = document.createElement("div");
  item.className = from === "bot" ? "meddelande bot" : "meddelande du";
  const who = document.createElement("span");
  who.className = "vem";
  who.textContent = from === "bot" ? "Ombudsguiden: " : "Du: ";
  item.appendChild(who);
  const body = document.createElement("p");
  body.className = "text";
  if (from === "bot") { renderText(body, text || ""); } else { body.textContent = text || ""; }
  item.appendChild(body);
  if (buttons && buttons.length) { item.appendChild(choiceButtons(buttons, choose)); }
  return item;
}

function addMessage(chat, from, text, buttons, where) {
  const item = messageElement(from, text, buttons, (message, title) => send(chat, message, title));
  (where || chat.log).appendChild(item);
  item.scrollIntoView({ block: "nearest" });
  return item;
}

// Only the newest set of choices can be pressed: an old button would answer an old question.
function retireOldChoices(chat) {
  chat.main.querySelectorAll(".val button").forEach((button) => { button.disabled = true; });
}

// In a conversation opened again, the last bot choices still answer the current question.
function reopenLastChoices(messages) {
  const last = messages.lastElementChild;
  if (last) { last.querySelectorAll(".val button").forEach((button) => { button.disabled = false; }); }
}

function clearConversation(chat) {
  chat.log.textContent = "";
  chat.earlier.textContent = "";
  chat.printLink.hidden = true;
}

function showPrintLink(chat, address) {
  chat.printLink.querySelector("a").href = address;
  chat.printLink.hidden = false;
}

// ---- Announcements: the alert, the status line and read-aloud --------------------------------

function showError(chat, text) { chat.error.textContent = text || ""; }

// While a reply is on its way, nothing may start over or delete: the reply would come back.
function setBusy(chat, on) {
  chat.busy = on;
  chat.waiting.textContent = on ? "Ombudsguiden skriver …" : "";
  chat.restartButton.disabled = on;
  chat.deleteButton.disabled = on;
}

const speech = {
  on: false,
  available: "speechSynthesis" in window && "SpeechSynthesisUtterance" in window,
  swedishVoice() {
    const voices = window.speechSynthesis.getVoices() || [];
    return voices.find((v) => v.lang === "sv-SE") || voices.find((v) => (v.lang || "").startsWith("sv")) || null;
  },
  say(text) {
    if (!this.on || !this.available || !text) { return; }
    try {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = "sv-SE";
      const voice = this.swedishVoice();
      if (voice) { utterance.voice = voice; }
      window.speechSynthesis.speak(utterance);
    } catch (error) { /* no voice: the text is still on the page */ }
  },
  stop() {
    if (this.available) { window.speechSynthesis.cancel(); }
  },
};

// ---- The crisis bar ---------------------------------------------------------------------------

// The sticky crisis bar must not cover what has focus: chat.css keeps its measured height free
// when the page scrolls (scroll-padding-top). Its height changes with the width and the text size.
function setupCrisisBar() {
  const bar = document.querySelector(".kris");
  if (!bar || !("ResizeObserver" in window)) { return; }
  new ResizeObserver(() => {
    document.documentElement.style.setProperty("--kris-hojd", `${bar.offsetHeight}px`);
  }).observe(bar);
}

// ---- Preferences: larger text, high contrast, read-aloud -------------------------------------

function setupToggle(button, name, preferences, apply) {
  if (!button) { return; }
  const show = () => {
    button.setAttribute("aria-pressed", preferences[name] ? "true" : "false");
    apply(Boolean(preferences[name]));
  };
  button.addEventListener("click", () => {
    preferences[name] = !preferences[name];
    savePreferences(preferences);
    show();
  });
  show();
}

function setupPreferences() {
  const preferences = loadPreferences();
  const root = document.documentElement;
  setupToggle(document.getElementById("storre-text"), "largeText", preferences,
    (on) => root.classList.toggle("stor-text", on));
  setupToggle(document.getElementById("hog-kontrast"), "highContrast", preferences,
    (on) => root.classList.toggle("hog-kontrast", on));
  const readAloud = document.getElementById("las-upp");
  // Without speech synthesis the button stays hidden: no button that does nothing.
  if (readAloud && speech.available) {
    readAloud.hidden = false;
    setupToggle(readAloud, "readAloud", preferences, (on) => {
      speech.on = on;
      if (!on) { speech.stop(); }
    });
  }
}

// ---- The conversation -------------------------------------------------------------------------

function chatOnPage(main) {
  let presetChoices = [];
  try { presetChoices = JSON.parse(main.dataset.presetChoices || "[]"); } catch (failure) { presetChoices = []; }
  return {
    main: main,
    log: document.getElementById("samtal"),
    earlier: document.getElementById("tidigare"),
    form: document.getElementById("skrivform"),
    input: document.getElementById("skriv"),
    waiting: document.getElementById("vantar"),
    error: document.getElementById("fel"),
    retry: document.getElementById("forsok-igen"),
    printLink: document.getElementById("utskrift"),
    restartButton: document.getElementById("borja-om"),
    deleteButton: document.getElementById("radera"),
    presetKey: main.dataset.presetKey || null,
    presetLabel: main.dataset.presetLabel,
    presetChoices: presetChoices,
    sender: savedSender(),
    busy: false,
  };
}

function cameFromShareLink(chat) { return Boolean(chat.presetKey || chat.presetChoices.length); }

// Read before anything is disabled: a choice button loses focus when it is.
function focusIsOnAChoice() {
  const focused = document.activeElement;
  return Boolean(focused && focused.closest && focused.closest(".val"));
}

// A keyboard user who pressed a choice continues from the next choices, not from the top.
function moveFocusAfterReply(chat, firstNewChoice, fromChoice) {
  if (firstNewChoice && fromChoice) {
    firstNewChoice.focus();
  } else if (fromChoice || document.activeElement === document.body) {
    chat.input.focus();
  }
}

// Returns the first of the new choices, if any.
function showReplies(chat, data) {
  let firstNewChoice = null;
  (data.messages || []).forEach((message) => {
    const item = addMessage(chat, "bot", message.text, message.buttons);
    firstNewChoice = firstNewChoice || item.querySelector(".val button");
    speech.say(message.text);
  });
  if (data.checklist_url) { showPrintLink(chat, data.checklist_url); }
  return firstNewChoice;
}

// `message` is {text}, {payload} or {preset}. `shown` is what the person sees as their own
// message: what they typed, the button's title, or nothing for the page's own commands.
async function send(chat, message, shown) {
  if (chat.busy) { return false; }
  const length = message.text ? Array.from(message.text).length : 0;
  if (length > MAX_MESSAGE_LENGTH) {
    showError(chat, `Meddelandet är för långt. Skriv högst ${MAX_MESSAGE_LENGTH} tecken, det här har ${length}.`);
    return false;
  }
  const fromChoice = focusIsOnAChoice();
  speech.stop();
  setBusy(chat, true);
  showError(chat, "");
  try {
    const data = await postToChat(chat.sender, message);
    if (!(data.messages || []).length) { throw new Error("Jag fick inget svar. Försök igen."); }
    retireOldChoices(chat);
    if (shown) { addMessage(chat, "user", shown); }
    moveFocusAfterReply(chat, showReplies(chat, data), fromChoice);
    return true;
  } catch (failure) {
    showError(chat, failure.message || notAnswering());
    return false;
  } finally {
    setBusy(chat, false);
  }
}

// An office for several kommuner claims none of them: the person picks their own.
function offerPresetChoices(chat) {
  addMessage(chat, "bot", `Du kom hit via ${chat.presetLabel}. De arbetar på flera orter. Var bor du?`,
    chat.presetChoices.map(([title, key]) => ({ title: title, preset: key })));
}

// `notice`: a line from the page itself, shown before the new greeting.
async function start(chat, notice) {
  chat.sender = newSenderId();
  saveSender(chat.sender);
  clearConversation(chat);
  if (notice) { addMessage(chat, "bot", notice); }
  await send(chat, { payload: "/greet" }, null);
  if (chat.presetKey) {
    await send(chat, { preset: chat.presetKey }, null);
  } else if (chat.presetChoices.length) {
    offerPresetChoices(chat);
  }
  // The share link has done its work: a reload continues this conversation instead of starting over.
  if (cameFromShareLink(chat)) { window.history.replaceState(null, "", "/"); }
}

// The old messages go outside the live log: a screen reader reads only new ones.
// Returns "restored", "empty" or "failed" (then the id is kept, to try again).
async function restore(chat) {
  let messages;
  try {
    messages = await loadConversation(chat.sender);
  } catch (failure) {
    showError(chat, failure.message);
    return "failed";
  }
  clearConversation(chat);
  messages.forEach((m) => addMessage(chat, m.from, m.text, m.buttons, chat.earlier));
  retireOldChoices(chat);
  reopenLastChoices(chat.earlier);
  return messages.length ? "restored" : "empty";
}

async function begin(chat) {
  chat.retry.hidden = true;
  showError(chat, "");
  // A share link starts fresh at its place; otherwise an open conversation continues.
  if (chat.sender && !cameFromShareLink(chat)) {
    const restored = await restore(chat);
    if (restored === "empty") { await start(chat); }
    if (restored === "failed") { chat.retry.hidden = false; }
  } else {
    await start(chat);
  }
}

// ---- The page's controls ----------------------------------------------------------------------

async function submitTyped(chat) {
  const text = chat.input.value.trim();
  if (!text) {
    showError(chat, "Skriv något först.");
    chat.input.focus();
    return;
  }
  // The text stays in the box until the bot has answered, so nothing is lost on an error.
  if (await send(chat, { text: text }, text)) { chat.input.value = ""; }
  chat.input.focus();
}

function setupWriting(chat) {
  chat.form.addEventListener("submit", (event) => {
    event.preventDefault();
    submitTyped(chat);
  });
  // Enter sends, Shift+Enter makes a new line, as in most chats.
  chat.input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      chat.form.requestSubmit();
    }
  });
}

async function startOver(chat) {
  if (chat.busy) { return; }
  speech.stop();
  if (chat.sender) { await postToChat(chat.sender, { payload: "/restart" }).catch(() => null); }
  await start(chat);
  chat.input.focus();
}

async function deleteAndStartOver(chat) {
  if (chat.busy) { return; }
  speech.stop();
  if (!window.confirm(DELETE_QUESTION)) { return; }
  setBusy(chat, true);
  try {
    await deleteConversation(chat.sender);
  } catch (failure) {
    showError(chat, failure.message);
    return;
  } finally {
    setBusy(chat, false);
  }
  saveSender(null);
  showError(chat, "");
  await start(chat, "Din konversation är raderad. Här börjar en ny.");
  chat.input.focus();
}

function setupChat(main) {
  const chat = chatOnPage(main);
  chat.retry.querySelector("button").addEventListener("click", () => { begin(chat); });
  setupWriting(chat);
  chat.restartButton.addEventListener("click", () => startOver(chat));
  chat.deleteButton.addEventListener("click", () => deleteAndStartOver(chat));
  begin(chat);
}

document.addEventListener("DOMContentLoaded", () => {
  setupPreferences();
  setupCrisisBar();
  const main = document.getElementById("chatt");
  if (main) { setupChat(main); }
  const print = document.getElementById("skriv-ut");
  if (print) { print.addEventListener("click", () => window.print()); }
});
