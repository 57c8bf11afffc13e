/**
 * Moving the focus where people expect it after an action: the heading of a page just opened.
 * @module
 */

/** How long to wait for a page's heading to appear (a festival may still be opening), ms. */
const WAIT_MS = 3000;

/**
 * Focuses the first `h1` inside `root` (made focusable by script only), waiting up to a few
 * seconds for it to appear; if none appears, `root` itself. Stops if the person moved the
 * focus meanwhile.
 */
export function focusHeading(root: HTMLElement | null): void {
	if (!root) return;
	const started = document.activeElement;
	const until = Date.now() + WAIT_MS;
	const attempt = () => {
		if (document.activeElement !== started && document.activeElement !== document.body) return;
		const h = root.querySelector('h1');
		if (h instanceof HTMLElement) {
			if (!h.hasAttribute('tabindex')) h.tabIndex = -1;
			h.focus();
		} else if (Date.now() < until) requestAnimationFrame(attempt);
		else root.focus();
	};
	attempt();
}
