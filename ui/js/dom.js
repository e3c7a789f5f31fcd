/* dom.js - small helpers for building the page without innerHTML.
 *
 * Text from the server always goes in through text nodes, never as markup,
 * and nothing here sets a style attribute (the Content-Security-Policy
 * forbids inline styles; use classes or style.setProperty). */

/**
 * Make an element: h('p', {class: 'x', id: 'y'}, 'text', child, ...).
 * props: "class" sets className, "text" sets textContent, "hidden" and
 * "checked" set the property, anything else becomes an attribute
 * (null/undefined/false are left out). Children may be strings, nodes,
 * arrays of either, or null (skipped).
 */
export function h(tag, props = {}, ...children) {
	const node = document.createElement(tag);
	for (const [key, value] of Object.entries(props)) {
		if (value === null || value === undefined || value === false)
			continue;
		if (key === 'class')
			node.className = value;
		else if (key === 'text')
			node.textContent = value;
		else if (key === 'hidden' || key === 'checked')
			node[key] = Boolean(value);
		else if (key === 'style' || key.startsWith('on'))
			throw new Error(`h(): "${key}" is not allowed, use classes and addEventListener`);
		else
			node.setAttribute(key, value === true ? '' : String(value));
	}
	append(node, children);
	return node;
}

function append(node, children) {
	for (const child of children) {
		if (child === null || child === undefined || child === false)
			continue;
		if (Array.isArray(child))
			append(node, child);
		else
			node.append(child instanceof Node ? child : document.createTextNode(String(child)));
	}
}

/** Replace all children of node with the given ones. */
export function fill(node, ...children) {
	node.replaceChildren();
	append(node, children);
	return node;
}

/**
 * An object as a query string: {a: 1, b: 'x'} -> "?a=1&b=x". Entries that
 * are null, undefined or '' are left out; nothing left gives ''. For the
 * app's links and its API requests alike.
 */
export function queryString(query) {
	const q = new URLSearchParams();
	for (const [k, v] of Object.entries(query || {}))
		if (v !== null && v !== undefined && v !== '')
			q.set(k, String(v));
	const text = q.toString();
	return text ? `?${text}` : '';
}

/** "a", "a and b", "a, b and c". */
export function listText(items) {
	if (items.length <= 1)
		return items.join('');
	return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** listText() for nodes (links among words): an array to append. */
export function listNodes(items) {
	return items.flatMap((item, i) => {
		if (i === 0)
			return [item];
		return [i === items.length - 1 ? ' and ' : ', ', item];
	});
}

/** "1 point", "3 points". */
export function points(n) {
	return n === 1 ? '1 point' : `${n} points`;
}

/** First letter upper case. */
export function capitalize(text) {
	const s = String(text);
	return s.charAt(0).toUpperCase() + s.slice(1);
}

/** First letter upper case; add a full stop if the sentence has none. */
export function sentence(text) {
	const s = String(text).trim();
	if (s === '')
		return s;
	const first = capitalize(s);
	return /[.!?]$/.test(first) ? first : `${first}.`;
}

/** Scroll to node, smoothly unless the user asked for less motion. */
export function scrollToNode(node) {
	const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
	node.scrollIntoView({ behavior: reduce ? 'auto' : 'smooth', block: 'start' });
}
