/**
 * The observation form staff open on a phone: one small self-contained HTML page (inline CSS,
 * no external resources, no JavaScript), in Swedish or English. Wrong input comes back on the
 * same page with every value kept and each message next to its field; a saved report gives a
 * confirmation and an empty form for the next one. The time is prefilled from `now` in the
 * sites' time zone.
 */
import { FieldError, NOTE_MAX_LENGTH, ObservationField, Place, categoryOf, parseTime, placeLabel, severalSites, toLocalInput } from "./observation";
import { CATEGORY_WORDS, Language, OBSERVATION_CATEGORIES } from "./words";
import { escapeHtml } from "./escape";

interface FormWords {
  title: string;
  intro: string;
  category: string;
  place: string;
  choosePlace: string;
  noPlaces: string;
  time: string;
  note: string;
  optional: string;
  privacy: string;
  submit: string;
  summary: string;
  /** "Tack! …": {category}, {place}, {time}. */
  saved: string;
  next: string;
  otherLanguage: string;
  /** Field error codes in this language; {param} is replaced. */
  errors: Record<string, string>;
}

/** The form's words, and the Swedish for the FieldError codes (English uses each error's own text). */
export const FORM_WORDS: Record<Language, FormWords> = {
  sv: {
    title: "Rapportera en observation",
    intro: "Vad har du sett, var och när?",
    category: "Vad har du sett?",
    place: "Plats",
    choosePlace: "Välj plats …",
    noPlaces: "Det finns inga platser ännu: be den som sköter systemet att lägga in sensorerna i platsregistret.",
    time: "När?",
    note: "Anteckning",
    optional: "(frivillig)",
    privacy: "Skriv inte namn eller något om personer – beskriv platsen och vad du ser.",
    submit: "Skicka",
    summary: "Något behöver rättas:",
    saved: "Tack! Observationen är registrerad: {category}, {place}, {time}",
    next: "Du kan rapportera nästa observation nedan.",
    otherLanguage: "In English",
    errors: {
      categoryMissing: "Välj vad du har sett.",
      categoryUnknown: "”{value}” är ingen kategori: välj en i listan.",
      placeMissing: "Välj en plats i listan.",
      placeUnknown: "”{value}” är ingen känd plats: välj en i listan.",
      placeAmbiguous: "”{value}” passar {count} platser: välj en i listan.",
      spaceUnknown: "”{value}” är inget utrymme vi känner till (till exempel trapphus, källare, vind, förråd, tvättstuga).",
      timeMissing: "Skriv när du såg det.",
      timeInvalid: "”{value}” är ingen tid: skriv den som ÅÅÅÅ-MM-DD TT:MM.",
      timeFuture: "Tiden {value} ligger i framtiden.",
      timeTooOld: "Tiden {value} är mer än {days} dagar sedan.",
      noteInvalid: "Anteckningen måste vara text.",
      noteTooLong: "Anteckningen är {length} tecken lång, men får vara högst {max}.",
      personalData:
        "Anteckningen ser ut att innehålla personuppgifter (ett personnummer, telefonnummer eller en e-postadress). Skriv om platsen, inte om personer.",
      idInvalid: "Id ”{value}” får vara högst {max} tecken: bokstäver a–z, siffror och . _ : - (inga mellanslag).",
      duplicate: "Samma observation som på rad {line}.",
      csvEmpty: "Filen är tom: första raden ska ange kolumnerna.",
      csv: "Filen är inte CSV: {reason}",
      columnsMissing: "Rubrikraden saknar kolumn för {columns}.",
    },
  },
  en: {
    title: "Report an observation",
    intro: "What did you see, where and when?",
    category: "What did you see?",
    place: "Place",
    choosePlace: "Choose a place …",
    noPlaces: "There are no places yet: ask whoever runs the system to add the sensors to the site registry.",
    time: "When?",
    note: "Note",
    optional: "(optional)",
    privacy: "Do not write names or anything about people – describe the place and what you see.",
    submit: "Send",
    summary: "Something needs correcting:",
    saved: "Thank you! The observation is registered: {category}, {place}, {time}",
    next: "You can report the next observation below.",
    otherLanguage: "På svenska",
    errors: {},
  },
};

function fill(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) return whole;
    return Array.isArray(value) ? value.join(", ") : String(value);
  });
}

/** A field error in the language: FORM_WORDS' Swedish, else the error's English text. */
export function sayFieldError(error: FieldError, language: Language): string {
  const template = FORM_WORDS[language].errors[error.code];
  if (template === undefined) return capitalize(error.text);
  return fill(template, error.params);
}

const capitalize = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);


export interface ObservationFormOptions {
  language: Language;
  places: Place[];
  /** Where the form posts to. */
  action: string;
  /** What was submitted (kept when there are errors). */
  values?: Record<string, string>;
  errors?: FieldError[];
  /** Words for an error; sayFieldError(error, language) when not given. */
  translate?: (error: FieldError) => string;
  /** The observation just registered: a confirmation is shown and the form is empty. */
  saved?: { category: string; place: string; time: string };
  /** An access token, posted back in a hidden field and kept by the language link. */
  token?: string;
  timezone: string;
  now: number;
}

const FORM_FIELDS: ObservationField[] = ["category", "place", "time", "note"];

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fff;--muted:#555;--line:#767676;--accent:#0b5cad;--error:#b00020;--ok:#146c2e;--soft:#f3f5f8}
@media (prefers-color-scheme:dark){:root{--fg:#eee;--bg:#121212;--muted:#bbb;--line:#8a8a8a;--accent:#7ab4ff;--error:#ff8a80;--ok:#7ddc95;--soft:#1f242b}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:18px;line-height:1.45;color:var(--fg);background:var(--bg)}
main{max-width:36rem;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.25rem 0 .5rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
.lang{text-align:right;margin:0}
.lang a{display:inline-block;padding:.6rem .25rem;min-height:44px}
a{color:var(--accent)}
.intro{color:var(--muted);margin-top:0}
.field{margin:1.25rem 0}
fieldset{border:0;margin:0;padding:0}
legend,label.title{display:block;font-weight:600;margin-bottom:.4rem;padding:0}
.choices{display:grid;grid-template-columns:repeat(auto-fill,minmax(11rem,1fr));gap:.5rem}
.choice{display:flex;align-items:center;gap:.6rem;min-height:48px;padding:.5rem .75rem;border:2px solid var(--line);border-radius:.5rem;background:var(--soft);cursor:pointer;overflow-wrap:anywhere}
.choice input{width:1.4rem;height:1.4rem;margin:0;flex:none}
.choice:has(input:checked){border-color:var(--accent);outline:2px solid var(--accent)}
select,input[type=datetime-local],textarea{display:block;width:100%;min-height:48px;font:inherit;color:inherit;background:var(--bg);padding:.6rem .7rem;border:2px solid var(--line);border-radius:.5rem}
textarea{min-height:7rem;resize:vertical}
[aria-invalid=true],.invalid .choice{border-color:var(--error)}
.privacy{margin:.2rem 0 .5rem;padding:.5rem .75rem;border-left:4px solid var(--accent);background:var(--soft);font-weight:600}
.hint{color:var(--muted);font-weight:400}
.error{color:var(--error);font-weight:600;margin:.3rem 0}
.summary{border:3px solid var(--error);border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0}
.summary ul{margin:0;padding-left:1.2rem}
.summary a{color:var(--error)}
.saved{border:3px solid var(--ok);border-radius:.5rem;padding:.75rem 1rem;margin:1rem 0}
.saved p{margin:.2rem 0}
.saved strong{color:var(--ok)}
button{display:block;width:100%;min-height:52px;margin:1.5rem 0 2rem;font:inherit;font-weight:700;color:#fff;background:var(--accent);border:0;border-radius:.5rem;cursor:pointer}
@media (prefers-color-scheme:dark){button{color:#000}}
:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
`;

/** The time as the confirmation shows it: "2026-03-29 22:30" local time. */
function shownTime(value: string, timezone: string): string {
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2})(?::\d{2})?$/.exec(value.trim());
  if (local) return `${local[1]} ${local[2]}`;
  const ts = parseTime(value, timezone);
  return ts === undefined ? value : toLocalInput(ts, timezone).replace("T", " ");
}

/** A submitted time as `<input type="datetime-local">` can show it (it shows nothing else). */
function inputTime(value: string, timezone: string): string {
  const local = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)$/.exec(value.trim());
  if (local) return `${local[1]}T${local[2]}`;
  const ts = parseTime(value, timezone);
  return ts === undefined ? value : toLocalInput(ts, timezone);
}

/**
 * The whole page. Every value is escaped; nothing is loaded from elsewhere and nothing needs
 * JavaScript.
 */
export function renderObservationForm(options: ObservationFormOptions): string {
  const language: Language = options.language === "en" ? "en" : "sv";
  const words = FORM_WORDS[language];
  const say = options.translate ?? ((error: FieldError) => sayFieldError(error, language));
  const errors = options.saved ? [] : (options.errors ?? []);
  const values: Record<string, string> = options.saved ? {} : (options.values ?? {});
  const withSite = severalSites(options.places);
  const e = escapeHtml;

  const byField = new Map<string, string[]>();
  for (const error of errors) {
    const field = FORM_FIELDS.includes(error.field as ObservationField) ? error.field : "form";
    byField.set(field, [...(byField.get(field) ?? []), say(error)]);
  }
  const invalid = (field: ObservationField) => byField.has(field);
  const errorId = (field: ObservationField) => `error-${field}`;
  const errorText = (field: ObservationField) =>
    invalid(field) ? `\n<p class="error" id="${errorId(field)}">${byField.get(field)!.map(e).join(" ")}</p>` : "";
  const aria = (field: ObservationField, describedBy: string[] = []) => {
    const ids = invalid(field) ? [errorId(field), ...describedBy] : describedBy;
    return `${invalid(field) ? ' aria-invalid="true"' : ""}${ids.length > 0 ? ` aria-describedby="${ids.join(" ")}"` : ""}`;
  };

  const parts: string[] = [];
  const otherLanguage: Language = language === "sv" ? "en" : "sv";
  const query = `?lang=${otherLanguage}${options.token !== undefined ? `&token=${encodeURIComponent(options.token)}` : ""}`;
  parts.push(`<p class="lang"><a href="${e(query)}" hreflang="${otherLanguage}" lang="${otherLanguage}">${e(words.otherLanguage)}</a></p>`);
  parts.push(`<h1>${e(words.title)}</h1>`);

  if (options.saved) {
    const { category, place, time } = options.saved;
    const categoryLabel = (OBSERVATION_CATEGORIES as readonly string[]).includes(category) ? CATEGORY_WORDS[language][category as keyof (typeof CATEGORY_WORDS)["sv"]] : category;
    const known = options.places.find((p) => p.key === place);
    const placeText = known ? placeLabel(known, language, withSite) : place;
    const message = fill(words.saved, { category: categoryLabel, place: placeText, time: shownTime(time, options.timezone) });
    parts.push(`<div class="saved" role="status"><p><strong>${e(message)}</strong></p><p>${e(words.next)}</p></div>`);
  } else {
    parts.push(`<p class="intro">${e(words.intro)}</p>`);
  }

  if (errors.length > 0) {
    const items: string[] = [];
    for (const field of [...FORM_FIELDS, "form"]) {
      for (const message of byField.get(field) ?? []) {
        items.push(field === "form" ? `<li>${e(message)}</li>` : `<li><a href="#${field === "category" ? "category-group" : field}">${e(message)}</a></li>`);
      }
    }
    parts.push(`<div class="summary" role="alert" id="error-summary"><h2>${e(words.summary)}</h2><ul>${items.join("")}</ul></div>`);
  }

  const form: string[] = [];
  form.push(`<form method="post" action="${e(options.action)}" accept-charset="utf-8">`);
  form.push(`<input type="hidden" name="lang" value="${language}">`);
  if (options.token !== undefined) form.push(`<input type="hidden" name="token" value="${e(options.token)}">`);

  // Category: a radio group, one tap each.
  const submitted = values.category ?? "";
  const chosen = submitted.trim() === "" ? "" : (categoryOf(submitted) ?? submitted);
  const radios = OBSERVATION_CATEGORIES.map((category, index) => {
    const checked = chosen === category ? " checked" : "";
    const required = index === 0 ? " required" : "";
    return `<label class="choice" for="category-${category}"><input type="radio" name="category" id="category-${category}" value="${category}"${checked}${required}${aria("category")}> ${e(CATEGORY_WORDS[language][category])}</label>`;
  });
  const unknownCategory = chosen !== "" && !(OBSERVATION_CATEGORIES as readonly string[]).includes(chosen);
  if (unknownCategory) {
    // Posted from elsewhere with a value the radios do not have: keep it, so it is not lost.
    radios.push(`<label class="choice" for="category-other-value"><input type="radio" name="category" id="category-other-value" value="${e(chosen)}" checked${aria("category")}> ${e(chosen)}</label>`);
  }
  form.push(
    `<fieldset class="field${invalid("category") ? " invalid" : ""}" id="category-group">\n<legend>${e(words.category)}</legend>${errorText("category")}\n<div class="choices">\n${radios.join("\n")}\n</div>\n</fieldset>`,
  );

  // Place: a select of the site registry's places.
  const chosenPlace = values.place ?? "";
  const options_ = options.places.map(
    (place) => `<option value="${e(place.key)}"${place.key === chosenPlace ? " selected" : ""}>${e(placeLabel(place, language, withSite))}</option>`,
  );
  if (chosenPlace !== "" && !options.places.some((p) => p.key === chosenPlace)) {
    options_.push(`<option value="${e(chosenPlace)}" selected>${e(chosenPlace)}</option>`);
  }
  const noPlaces = options.places.length === 0 ? `\n<p class="hint" id="place-none">${e(words.noPlaces)}</p>` : "";
  form.push(
    `<div class="field">\n<label class="title" for="place">${e(words.place)}</label>${errorText("place")}${noPlaces}\n<select name="place" id="place" required${aria("place", noPlaces ? ["place-none"] : [])}>\n<option value="">${e(words.choosePlace)}</option>\n${options_.join("\n")}\n</select>\n</div>`,
  );

  // Time: local time in the sites' zone, now unless something was submitted.
  const time = values.time !== undefined && values.time.trim() !== "" ? inputTime(values.time, options.timezone) : toLocalInput(options.now, options.timezone);
  form.push(
    `<div class="field">\n<label class="title" for="time">${e(words.time)}</label>${errorText("time")}\n<input type="datetime-local" name="time" id="time" value="${e(time)}" required${aria("time")}>\n</div>`,
  );

  // Note, with the privacy warning right at it.
  form.push(
    `<div class="field">\n<label class="title" for="note">${e(words.note)} <span class="hint">${e(words.optional)}</span></label>\n<p class="privacy" id="note-privacy">${e(words.privacy)}</p>${errorText("note")}\n<textarea name="note" id="note" maxlength="${NOTE_MAX_LENGTH}" rows="4" autocomplete="off"${aria("note", ["note-privacy"])}>${/^\r?\n/.test(values.note ?? "") ? "\n" : ""}${e(values.note ?? "")}</textarea>\n</div>`,
  );

  form.push(`<button type="submit">${e(words.submit)}</button>`);
  form.push(`</form>`);
  parts.push(form.join("\n"));

  return [
    "<!doctype html>",
    `<html lang="${language}">`,
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex, nofollow">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${e(words.title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    "<main>",
    parts.join("\n"),
    "</main>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
