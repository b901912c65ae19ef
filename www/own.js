// Looking up keys that come from the data (statuses, reasons, user ids, URL parameters) in plain
// objects, such as the package's `statusMs` and `reasonMs`.

/**
 * `obj[key]` when `key` is an own property of `obj`, else undefined (also for a null or undefined
 * `obj`). `obj[key]` alone would find what every object inherits (`constructor`, `toString`,
 * `__proto__`, …) for a key the object does not have.
 */
export const own = (obj, key) => (obj != null && Object.hasOwn(obj, key) ? obj[key] : undefined);
