/** v8's timestamps: seconds and "+00:00". */
export const V8_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/;
