/* timer.js - the workshop timer, made for a phone on the bench: say who
 * you are (remembered on this device), pick an order or a batch, press one
 * big button to start and again to stop. The clock ticks while it runs,
 * and today's entries are listed underneath.
 *
 * Logged in, the timer is the person's own ("Timing as Ann", their login
 * as the worker); only the owner may time someone else, and a viewer
 * sees the timers without a Start button. */

import { api } from './api.js';
import { fill, h } from './dom.js';
import {
	apiInstant, clockText, dateText, minutesText, parseInstant, secondsText, timeOfDay,
} from './format.js';
import { entryList, loadPlanned, ORDER_STATUS, planWords } from './orders.js';
import { emptyState, linkButton, loadError, loading, pageHead } from './page.js';
import { href } from './router.js';
import { STATUS_TEXT } from './schema.js';
import { currentUser, may } from './session.js';

const WORKER_KEY = 'smallrun.worker';
const OPEN_ORDERS = ['in_progress', 'accepted', 'quoted'];
const OPEN_BATCHES = ['running', 'planned'];

function storedWorker() {
	try {
		const w = localStorage.getItem(WORKER_KEY);
		return w && w.trim() ? w.trim() : 'me';
	} catch {
		return 'me';
	}
}

function storeWorker(w) {
	try {
		localStorage.setItem(WORKER_KEY, w);
	} catch {
		/* private mode: the name lasts for this page only */
	}
}

/* Midnight at the start of today, local time, as the API's instant. */
function startOfToday() {
	const d = new Date();
	return apiInstant(new Date(d.getFullYear(), d.getMonth(), d.getDate()));
}

/** #/timer[?order=ID | ?batch=ID]: start and stop the clock. */
export function mountTimer(view, ctx) {
	const me = currentUser();
	let worker = me ? me.login : storedWorker();
	let tick = null;
	let picked = ctx.query.get('order') ? `order:${ctx.query.get('order')}`
		: ctx.query.get('batch') ? `batch:${ctx.query.get('batch')}` : null;
	let state = null; // {running, orders, batches, customers, products, entries, planned}
	let busy = false;

	ctx.onLeave(() => {
		if (tick)
			clearInterval(tick);
	});

	/* Who is working: remembered on this device. */
	const workerInput = h('input', {
		id: 'timer-worker', name: 'worker', type: 'text', class: 'input', value: worker,
		autocomplete: 'name', 'aria-describedby': 'timer-worker-hint',
	});
	const workerError = h('p', { class: 'field__error', id: 'timer-worker-error', hidden: true });
	const workerBox = h('div', { class: 'field timer__worker' },
		h('label', { class: 'field__label', for: 'timer-worker' }, 'Who is working'),
		h('p', { class: 'field__hint', id: 'timer-worker-hint' }, me ? 'Their login. The time goes down as theirs, started by you.'
			: 'Each person has their own timer. This device remembers the name.'),
		workerInput, workerError);
	/* Logged in: the person's own timer; the owner may time another. */
	const timingAs = h('p', { class: 'timer__as', 'data-timing-as': '' });
	const showAs = () => fill(timingAs, 'Timing as ', h('strong', {}, workerName()));
	let whoBox = workerBox;
	if (me) {
		showAs();
		workerInput.setAttribute('autocomplete', 'off');
		whoBox = may('owner') ? h('details', { class: 'timer__someone', 'data-time-someone': '' },
			h('summary', { class: 'timer__someone-summary' }, 'Time someone else'),
			workerBox) : null;
	}
	workerInput.addEventListener('change', () => {
		const v = workerInput.value.trim();
		if (v === '' || new TextEncoder().encode(v).length > 100) {
			fill(workerError, h('span', { class: 'field__error-mark', 'aria-hidden': 'true' }, '!'), ' ',
				v === '' ? 'Enter a name, or “me”.' : 'Use at most 100 characters.');
			workerError.hidden = false;
			workerInput.setAttribute('aria-invalid', 'true');
			workerInput.setAttribute('aria-describedby', 'timer-worker-hint timer-worker-error');
			return;
		}
		workerError.hidden = true;
		workerInput.removeAttribute('aria-invalid');
		workerInput.setAttribute('aria-describedby', 'timer-worker-hint');
		worker = v;
		if (me)
			showAs();
		else
			storeWorker(v);
		load();
	});

	/* The worker as people read it: the name of the person logged in. */
	function workerName() {
		return me && worker === me.login ? me.name : worker;
	}

	const clock = h('p', { class: 'timer__clock', role: 'timer', 'aria-live': 'off', 'data-clock': '' }, '0:00:00');
	const nowOn = h('div', { class: 'timer__now' });
	const big = h('button', { type: 'button', class: 'button button--huge', 'data-timer-button': '', 'data-needs': 'write' }, 'Start');
	const viewerNote = may('write') ? null : h('p', { class: 'notice', 'data-viewer-note': '' },
		'You can see who is timing what. A viewer’s account cannot start the timer.');
	const message = h('div', { class: 'timer__message', role: 'status', 'aria-live': 'polite', 'data-timer-message': '' });
	const picker = h('div', { class: 'timer__picker' });
	const switchRow = h('div', { class: 'timer__switch', hidden: true });
	const today = h('section', { class: 'panel timer__today', 'aria-labelledby': 'timer-today-h', 'data-today': '' });
	const others = h('p', { class: 'muted timer__others' });

	const panel = h('section', { class: 'timer__panel', 'aria-label': 'The clock', 'data-timer-state': 'idle' },
		me ? timingAs : null, nowOn, clock, big, viewerNote, message);

	fill(view,
		pageHead({ title: 'Timer', lead: 'Pick what you are working on and press Start. Press Stop when you put it down.', flash: ctx.flash }),
		h('div', { class: 'timer', 'data-timer': '' },
			h('div', { class: 'timer__body' }, loading('the timer'))));
	const root = view.querySelector('[data-timer]');

	function nameOfEntry(e) {
		if (!state)
			return '';
		if (e.order_id) {
			const o = state.allOrders.get(e.order_id);
			return o ? o.title : `order ${e.order_id}`;
		}
		const b = state.allBatches.get(e.batch_id);
		return b ? `batch ${b.code}` : `batch ${e.batch_id}`;
	}

	function runningEntry() {
		return state && state.running.find((r) => r.worker === worker) || null;
	}

	function pickedLabel() {
		if (!picked || !state)
			return null;
		const [kind, id] = picked.split(':');
		const n = Number(id);
		if (kind === 'order') {
			const o = state.allOrders.get(n);
			return o ? o.title : null;
		}
		const b = state.allBatches.get(n);
		return b ? `batch ${b.code}` : null;
	}

	/* The clock from the server's start, corrected if this device's clock
	 * disagrees with the server's count of minutes by more than a minute. */
	function startTicking(run) {
		if (tick)
			clearInterval(tick);
		const loaded = Date.now();
		const started = parseInstant(run.started_at)?.getTime() ?? loaded;
		let skew = 0;
		const byClock = (loaded - started) / 60000;
		if (Math.abs(byClock - run.elapsed_minutes) > 1.5)
			skew = (loaded - started) - run.elapsed_minutes * 60000;
		const show = () => { clock.textContent = clockText((Date.now() - started - skew) / 1000); };
		show();
		tick = setInterval(show, 1000);
	}

	function drawPanel() {
		const run = runningEntry();
		if (run) {
			panel.dataset.timerState = 'running';
			const link = run.order_id ? h('a', { href: href(`orders/${run.order_id}`) }, run.order_title || `order ${run.order_id}`)
				: h('a', { href: href(`batches/${run.batch_id}`) }, `batch ${run.batch_code || run.batch_id}`);
			fill(nowOn, h('p', { class: 'timer__label' }, 'Working on'),
				h('p', { class: 'timer__what', 'data-timer-what': '' }, link),
				h('p', { class: 'timer__since' }, `Since ${timeOfDay(run.started_at)}, ${workerName()}`));
			big.textContent = 'Stop';
			big.className = 'button button--huge button--stop';
			big.removeAttribute('aria-disabled');
			startTicking(run);
			clock.hidden = false;
		} else {
			panel.dataset.timerState = 'idle';
			if (tick)
				clearInterval(tick);
			tick = null;
			clock.hidden = true;
			const label = pickedLabel();
			fill(nowOn, h('p', { class: 'timer__label' }, label ? 'Ready to time' : 'Not running'),
				h('p', { class: 'timer__what', 'data-timer-what': '' }, label || 'Choose an order or a batch below.'));
			big.textContent = 'Start';
			big.className = 'button button--huge button--start';
			if (label)
				big.removeAttribute('aria-disabled');
			else
				big.setAttribute('aria-disabled', 'true');
		}
		const other = state.running.filter((r) => r.worker !== worker);
		others.hidden = other.length === 0;
		fill(others, other.length ? `Also running: ${other.map((r) => `${r.worker} on ${r.order_title || `batch ${r.batch_code}`}`).join('; ')}.` : null);
		drawSwitch();
	}

	function drawSwitch() {
		const run = runningEntry();
		const label = pickedLabel();
		const current = run ? (run.order_id ? `order:${run.order_id}` : `batch:${run.batch_id}`) : null;
		if (!run || !label || picked === current) {
			switchRow.hidden = true;
			fill(switchRow);
			return;
		}
		const b = h('button', { type: 'button', class: 'button button--secondary button--wide', 'data-switch': '' },
			`Stop, and start on ${label}`);
		b.addEventListener('click', () => start());
		fill(switchRow, b);
		switchRow.hidden = false;
	}

	/* The choice of orders and batches, filtered by a search box. */
	function drawPicker() {
		const orders = state.orders;
		const batches = state.batches;
		if (orders.length === 0 && batches.length === 0) {
			fill(picker, emptyState({
				title: 'Nothing to time yet',
				text: 'The timer runs on an open order or a planned or running batch. Take an order or plan a batch first.',
				action: [linkButton('Take an order', href('orders/new')), ' ', linkButton('Plan a batch', href('batches/new'), 'secondary')],
			}));
			return;
		}
		const search = h('input', {
			id: 'timer-search', type: 'search', class: 'input', autocomplete: 'off',
			'aria-describedby': 'timer-search-hint', 'aria-controls': 'timer-choices',
		});
		const noMatch = h('p', { class: 'muted', hidden: true, role: 'status' }, 'Nothing matches. Clear the search to see everything.');
		const option = (key, title, detail, search_) => h('label', { class: 'choice', 'data-choice': key, 'data-search': search_.toLowerCase() },
			h('input', { type: 'radio', name: 'timer-on', value: key, checked: picked === key }),
			h('span', { class: 'choice__text' },
				h('span', { class: 'choice__title' }, title),
				h('span', { class: 'choice__detail' }, detail)));
		const orderChoices = orders.map((o) => {
			const c = state.customers.get(o.customer_id);
			const detail = [c ? c.name : null, ORDER_STATUS[o.status], o.due_date ? `due ${dateText(o.due_date)}` : null,
				planWords(o, state.planned)]
				.filter(Boolean).join(' · ');
			return option(`order:${o.id}`, o.title, detail, `${o.title} ${detail}`);
		});
		const batchChoices = batches.map((b) => {
			const p = state.products.get(b.product_id);
			const detail = [p ? p.name : null, STATUS_TEXT.batches[b.status], `run ${dateText(b.run_date)}`].filter(Boolean).join(' · ');
			return option(`batch:${b.id}`, b.code, detail, `${b.code} ${detail}`);
		});
		const groups = h('div', { class: 'choices', id: 'timer-choices' },
			orderChoices.length ? h('div', { class: 'choices__group', 'data-choices': 'orders' },
				h('p', { class: 'choices__heading', 'aria-hidden': 'true' }, 'Orders'), orderChoices) : null,
			batchChoices.length ? h('div', { class: 'choices__group', 'data-choices': 'batches' },
				h('p', { class: 'choices__heading', 'aria-hidden': 'true' }, 'Batches'), batchChoices) : null);
		const fieldset = h('fieldset', { class: 'timer__choose' },
			h('legend', {}, 'What are you working on?'),
			h('div', { class: 'field' },
				h('label', { class: 'field__label', for: 'timer-search' }, 'Find an order or batch'),
				h('p', { class: 'field__hint', id: 'timer-search-hint' }, 'Type part of a name, customer or batch code.'),
				search),
			noMatch, groups);
		search.addEventListener('input', () => {
			const q = search.value.trim().toLowerCase();
			let shown = 0;
			for (const el of groups.querySelectorAll('[data-choice]')) {
				const ok = q === '' || el.dataset.search.includes(q);
				el.hidden = !ok;
				if (ok)
					shown++;
			}
			for (const g of groups.querySelectorAll('.choices__group'))
				g.hidden = !g.querySelector('[data-choice]:not([hidden])');
			noMatch.hidden = shown > 0;
		});
		groups.addEventListener('change', (event) => {
			if (event.target.name !== 'timer-on')
				return;
			picked = event.target.value;
			fill(message);
			drawPanel();
		});
		// A tap on a choice brings the big button into view; arrow keys
		// moving through the choices do not make the page jump.
		groups.addEventListener('click', (event) => {
			if (event.detail === 0 || !event.target.closest('[data-choice]'))
				return;
			const reduce = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
			panel.scrollIntoView({ block: 'nearest', behavior: reduce ? 'auto' : 'smooth' });
		});
		fill(picker, fieldset);
	}

	function drawToday() {
		const entries = state.entries;
		// Counted as the entries are: finished ones by their stored whole
		// minutes, the running one by the minutes it has run.
		let seconds = 0;
		const minutes = entries.reduce((sum, e) => {
			const a = parseInstant(e.started_at);
			const b = e.ended_at ? parseInstant(e.ended_at) : new Date();
			const secs = a && b ? Math.max(0, (b - a) / 1000) : 0;
			seconds += secs;
			return sum + (e.ended_at ? e.minutes || 0 : Math.floor(secs / 60));
		}, 0);
		const total = minutes === 0 && seconds > 0
			? `${secondsText(seconds)} timed, which counts as 0 min` : `${minutesText(minutes)} in all`;
		fill(today,
			h('h2', { id: 'timer-today-h' }, `Today, ${workerName()}`),
			h('p', { class: 'timer__total', 'data-today-total': '' },
				entries.length === 0 ? 'Nothing timed today yet.'
					: `${entries.length === 1 ? '1 entry' : `${entries.length} entries`}, ${total}.`),
			entries.length ? entryList(entries, nameOfEntry, async (e) => {
				await api.remove('time-entries', e.id);
				await load(`Deleted the entry for ${nameOfEntry(e)}.`);
			}) : null,
			h('p', { class: 'button-row' },
				linkButton('Add time by hand', href('time-entries/new', { worker, return: 'timer' }), 'secondary', { 'data-add-time': '' }),
				linkButton('All time worked', href('time-entries', { worker }), 'quiet')));
	}

	async function fetchState() {
		// The plan once per page load, not on every start and stop.
		const [timer, orders, batches, customers, products, entries, planned] = await Promise.all([
			api.timer(),
			api.list('orders', { limit: 1000 }),
			api.list('batches', { limit: 1000 }),
			api.list('customers', { limit: 1000 }),
			api.list('products', { limit: 1000, retired: 1 }),
			api.list('time-entries', { worker, from: startOfToday(), limit: 1000 }),
			state ? state.planned : loadPlanned(),
		]);
		const rank = (list, s) => list.indexOf(s);
		return {
			running: timer.running,
			allOrders: new Map(orders.items.map((o) => [o.id, o])),
			allBatches: new Map(batches.items.map((b) => [b.id, b])),
			orders: orders.items.filter((o) => OPEN_ORDERS.includes(o.status))
				.sort((a, b) => rank(OPEN_ORDERS, a.status) - rank(OPEN_ORDERS, b.status)),
			batches: batches.items.filter((b) => OPEN_BATCHES.includes(b.status))
				.sort((a, b) => rank(OPEN_BATCHES, a.status) - rank(OPEN_BATCHES, b.status)),
			customers: new Map(customers.items.map((c) => [c.id, c])),
			products: new Map(products.items.map((p) => [p.id, p])),
			entries: entries.items,
			planned,
		};
	}

	async function load(note = null) {
		let s;
		try {
			s = await fetchState();
		} catch (err) {
			if (ctx.live())
				fill(root, loadError(err, () => load()));
			return;
		}
		if (!ctx.live())
			return;
		const first = state === null;
		state = s;
		if (first || !root.contains(panel)) {
			fill(root, panel, others, switchRow, picker, today, whoBox);
		}
		drawPicker();
		drawPanel();
		drawToday();
		if (note)
			fill(message, note);
	}

	async function start() {
		if (!picked) {
			fill(message, h('span', { class: 'timer__warn' }, 'Choose an order or a batch first (below).'));
			const first = picker.querySelector('input[type="radio"]');
			if (first)
				first.focus();
			return;
		}
		const [kind, id] = picked.split(':');
		const body = { worker, [kind === 'order' ? 'order_id' : 'batch_id']: Number(id) };
		const res = await api.timerStart(body);
		const label = pickedLabel();
		let text = `Started on ${label}.`;
		if (res.stopped)
			text = `Stopped the last one after ${minutesText(res.stopped.minutes)}. Started on ${label}.`;
		await load(text);
		big.focus();
	}

	async function stop() {
		const run = runningEntry();
		const entry = await api.timerStop(worker);
		const a = parseInstant(entry.started_at);
		const b = parseInstant(entry.ended_at);
		const secs = a && b ? (b - a) / 1000 : entry.minutes * 60;
		const what = run ? (run.order_title || `batch ${run.batch_code}`) : 'it';
		const text = `Stopped. ${secs < 60 ? secondsText(secs) : minutesText(entry.minutes)} on ${what}.`;
		await load(text);
		big.focus();
	}

	big.addEventListener('click', async () => {
		if (busy)
			return;
		busy = true;
		big.setAttribute('aria-busy', 'true');
		try {
			if (runningEntry())
				await stop();
			else
				await start();
		} catch (err) {
			fill(message, h('span', { class: 'timer__warn' }, `That did not work: ${err.message}`));
			await load();
		} finally {
			busy = false;
			big.removeAttribute('aria-busy');
		}
	});

	load();
}
