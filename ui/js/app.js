/* app.js - entry point of the smallrun web app.
 *
 * Each page of the app is a module with a mount function; this file finds
 * which page's root element is present and mounts it. New pages (orders,
 * batches, the timer …) add a line to the table below. */

import { mountCalculator } from './calculator.js';

const pages = [
	{ selector: '[data-calculator]', mount: mountCalculator },
];

for (const page of pages) {
	const root = document.querySelector(page.selector);
	if (root)
		page.mount(root);
}
