/* phone-address.js - on Settings, for the owner: "Open smallrun on your
 * phone", the addresses a phone on the same network opens smallrun at,
 * each as text and as its QR code for the phone's camera (GET
 * /api/v1/addresses). While smallrun answers this computer only, the
 * server's sentence saying how to start it for the network, and no code.
 *
 * The code is the server's SVG shown as an image (a data: address), never
 * put into the page as markup: an image cannot run script or reach the
 * page, whatever it holds. */

import { api } from './api.js';
import { h } from './dom.js';
import { loadInto } from './page.js';
import { may } from './session.js';

/* The server's sentence, its command (when there is one) as code. */
function message(text, command) {
	const at = command ? text.lastIndexOf(command) : -1;
	if (at < 0)
		return h('p', { 'data-phone-message': '' }, text);
	return h('p', { 'data-phone-message': '' },
		text.slice(0, at), h('code', { class: 'phone-address__command' }, command), text.slice(at + command.length));
}

/* One address: its code, then the address to type. */
function address(item) {
	return h('li', { class: 'phone-address__item', 'data-phone-url': item.url },
		h('img', {
			class: 'phone-address__qr',
			src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(item.qr_svg)}`,
			alt: `QR code for ${item.url}`,
			width: 192,
			height: 192,
		}),
		h('p', { class: 'phone-address__url' }, item.url));
}

function build(data) {
	const items = Array.isArray(data.items) ? data.items : [];
	return [
		message(String(data.message || ''), typeof data.command === 'string' ? data.command : null),
		items.length ? h('ul', { class: 'phone-address__list' }, items.map(address)) : null,
	];
}

/**
 * Append the panel to container on Settings (the owner's only: the
 * server answers nobody else). ctx is the page's, so nothing is written
 * once the page was left.
 */
export function mountPhoneAddress(container, ctx) {
	if (!may('owner'))
		return;
	const body = h('div', {});
	container.append(h('section', {
		class: 'settings-more phone-address',
		'aria-labelledby': 'settings-phone-h',
		'data-phone-address': '',
		'data-needs': 'owner',
	}, h('h2', { id: 'settings-phone-h' }, 'Open smallrun on your phone'), body));
	loadInto(body, ctx, 'the addresses for your phone', api.addresses, build);
}
