// Opening files: dropped anywhere on the page, or chosen with the file <input> (for keyboard users).
// Each file is read as text and classified as a log (JSON array, NDJSON, CSV, or a platform's log in
// the format chosen beside the file button), a schedules file ({ timezone, schedules }) or a groups
// file ({ "<user_id>": "<group>" }); what to do with them is the caller's.
import { isGroupsText, isSchedulesText } from "./data.js";

/**
 * A file's kind from its name and text: "log", "schedules" or "groups". With a platform `format`
 * chosen, an object is a groups file only when every value is a string (a Genesys users details
 * response or a TaskRouter event is an object too).
 */
function kindOf(name, text, format) {
  if (/\.csv$/i.test(name)) return "log";
  if (isSchedulesText(text)) return "schedules";
  if (!isGroupsText(text)) return "log";
  return !format || Object.values(JSON.parse(text)).every((v) => typeof v === "string") ? "groups" : "log";
}

/**
 * Reads `files` (a FileList or File[]) into `{ log, schedules, groups }`, each `{ name, text }` or
 * null; the log has `format` too when a platform's `format` (the package's name, e.g.
 * "asterisk-queue-log") is given ("" or undefined: the package's own formats, detected).
 */
export async function classifyFiles(files, format) {
  const found = { log: null, schedules: null, groups: null };
  for (const file of files) {
    const text = await file.text();
    const kind = kindOf(file.name, text, format);
    if (found[kind]) throw new Error(`${file.name}: one log, one schedules and one groups file at most at a time (also got ${found[kind].name})`);
    found[kind] = kind === "log" && format ? { name: file.name, text, format } : { name: file.name, text };
  }
  return found;
}

/**
 * Calls `onFiles(files)` for files dropped anywhere on the page or chosen with `input`; while files
 * are dragged over the page, `document.body` has the class "dragging".
 */
export function setupFileDrop(input, onFiles) {
  let depth = 0;
  const hasFiles = (e) => e.dataTransfer?.types?.includes("Files");
  addEventListener("dragenter", (e) => {
    if (!hasFiles(e)) return;
    depth += 1;
    document.body.classList.add("dragging");
  });
  addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (!depth) document.body.classList.remove("dragging");
  });
  addEventListener("dragover", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
  });
  addEventListener("drop", (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    document.body.classList.remove("dragging");
    if (e.dataTransfer.files.length) onFiles([...e.dataTransfer.files]);
  });
  input.addEventListener("change", () => {
    if (input.files?.length) onFiles([...input.files]);
    input.value = ""; // choosing the same file again fires change again
  });
}
