// The app runs entirely in the browser: adapter-static writes one fallback page
// (build/index.html) that any static server can hand out for every route.
export const ssr = false;
export const prerender = false;
