// Opening files: dropped anywhere on the page, or chosen with the file <input> (for keyboard users).
// Each file is read as text and classified as a log (JSON array, NDJSON, CSV) or a schedules file
// ({ timezone, schedules }); what to do with them is the caller's.
import { isSchedulesText } from "./data.js";

/** Reads `files` (a FileList or File[]) into `{ log: {name, text} | null, schedules: {name, text} | null }`. */
export async function classifyFiles(files) {
  const found = { log: null, schedules: null };
  for (const file of files) {
    const text = await file.text();
    const kind = /\.csv$/i.test(file.name) || !isSchedulesText(text) ? "log" : "schedules";
    if (found[kind]) throw new Error(`${file.name}: one log and at most one schedules file at a time (also got ${found[kind].name})`);
    found[kind] = { name: file.name, text };
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
