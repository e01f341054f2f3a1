// Moving between views without a reload. main.ts installs the router; until then (and in
// any module that runs without it) a plain page load does the same job.

let go: (url: string) => void = (url) => window.location.assign(url);

export function setNavigator(navigator: (url: string) => void): void {
  go = navigator;
}

/** Open an explorer address (path and query string). */
export function navigate(url: string): void {
  go(url);
}
