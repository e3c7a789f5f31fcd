/* calculator.js - the production type calculator page.
 *
 * Loads the questions from the API, renders them as radio groups, posts
 * the answers and shows the advice; "Save this as my answer" keeps the
 * recommendation in the settings (advised) for the Numbers page. Every
 * question, answer and advice text comes from the server; this file only
 * holds the page's own words (headings, buttons, the sentence under the
 * balance scale). */

import { api, ApiError } from './api.js';
import { capitalize, fill, h, listText, points, scrollToNode, sentence } from './dom.js';
import { setSettings } from './schema.js';

/* How each recommendation reads inside a sentence. */
const SIDE_NAME = {
	job: 'job production',
	batch: 'batch production',
	mixed: 'a mix of the two',
};

function sideName(side) {
	return SIDE_NAME[side] || String(side);
}

/* A rule's effect ("never batch", "job") as a short line for the reader. */
function effectText(effect) {
	const never = /^never (\w+)$/.exec(effect);
	if (never)
		return `Rules out ${sideName(never[1])} on its own`;
	if (effect in SIDE_NAME)
		return `Settles it: ${sideName(effect)}`;
	return sentence(effect);
}

/* Percent along a batch (0 %) to job (100 %) scale for a balance. */
function scalePercent(balance, max) {
	if (!(max > 0))
		return 50;
	const p = ((balance + max) / (2 * max)) * 100;
	return Math.min(100, Math.max(0, p));
}

/* The text equivalent of the balance scale. */
function balanceText(advice) {
	const s = advice.scores;
	const lead = Math.abs(s.balance);
	const ahead = s.balance > 0 ? 'job' : 'batch';
	const parts = [
		`Your answers give ${points(s.job)} to job production and ${points(s.batch)} to batch production, out of ${s.max} in all.`,
	];

	if (lead === 0)
		parts.push('They are level, so on points alone the answer is a mix of the two.');
	else if (lead < s.margin)
		parts.push(`${capitalize(ahead)} is ahead by ${points(lead)}, short of the ${s.margin} needed to decide, so on points alone the answer is a mix of the two.`);
	else
		parts.push(`${capitalize(ahead)} is ahead by ${points(lead)}, enough to decide on points alone (${s.margin} or more).`);

	const byScore = advice.by_score;
	if (byScore && byScore !== advice.recommendation)
		parts.push(`The rules below then settle it as ${sideName(advice.recommendation)}.`);
	return parts.join(' ');
}

/* Check the shape of GET /api/v1/questions before building on it. */
function checkQuestions(data) {
	const ok = Array.isArray(data.questions) && data.questions.length > 0 &&
		data.questions.every((q) => q && typeof q.id === 'string' &&
			typeof q.text === 'string' && Array.isArray(q.answers) &&
			q.answers.length > 0);
	if (!ok)
		throw new ApiError(200, 'bad_response', 'smallrun sent questions this page could not read.');
	return data.questions;
}

/**
 * Set up the calculator inside root (the element with data-calculator).
 * Returns nothing; the page runs on its own from here.
 */
export function mountCalculator(root) {
	const $ = (sel) => root.querySelector(sel);
	const el = {
		form: $('form'),
		questions: $('[data-questions]'),
		submitRow: $('[data-submit-row]'),
		progress: $('[data-progress]'),
		submit: $('[data-submit]'),
		error: $('[data-form-error]'),
		placeholder: $('[data-placeholder]'),
		result: $('[data-result]'),
		heading: $('#result-heading'),
		title: $('[data-result-title]'),
		stale: $('[data-result-stale]'),
		scale: $('[data-scale]'),
		balanceText: $('[data-balance-text]'),
		summary: $('[data-summary]'),
		reasons: $('[data-reasons]'),
		unanswered: $('[data-unanswered]'),
		rulesBlock: $('[data-rules-block]'),
		rules: $('[data-rules]'),
		benefits: $('[data-benefits]'),
		uses: $('[data-uses]'),
		note: $('[data-note]'),
		warningsBlock: $('[data-warnings-block]'),
		warnings: $('[data-warnings]'),
		print: $('[data-print]'),
		restart: $('[data-restart]'),
		save: $('[data-save-advice]'),
		saveStatus: $('[data-save-status]'),
	};
	const submitLabel = el.submit.textContent;
	let questions = [];
	let busy = false;
	let shown = null; // the recommendation on screen, for "Save this as my answer"
	let saving = false;

	function setState(state) {
		root.dataset.state = state;
	}

	/* ---- questions ---- */

	function renderQuestion(q, index, count) {
		const base = `q-${q.id}`;
		const hintId = q.hint ? `${base}-hint` : null;
		const topic = q.topic || `Question ${index + 1}`;

		const answers = q.answers.map((a, i) =>
			h('label', { class: 'answer' },
				h('input', { type: 'radio', name: q.id, value: a.value, id: `${base}-${i}` }),
				h('span', { class: 'answer__label', text: a.label })));

		const skipped = h('span', { class: 'question__skipped', text: 'Not answered (optional)' });
		const clear = h('button', {
			type: 'button',
			class: 'link-button',
			'aria-label': `Clear answer to “${topic}”`,
			'data-clear': q.id,
			hidden: true,
		}, 'Clear answer');

		return h('fieldset', { class: 'question', id: base, 'data-question': q.id, 'aria-describedby': hintId },
			h('legend', {},
				h('span', { class: 'question__topic', text: `${index + 1} of ${count} · ${topic}` }),
				h('span', { class: 'question__text', text: q.text })),
			hintId ? h('p', { class: 'question__hint', id: hintId, text: q.hint }) : null,
			h('div', { class: 'answers' }, answers),
			h('div', { class: 'question__foot' }, skipped, clear));
	}

	function fieldsets() {
		return [...el.questions.querySelectorAll('fieldset[data-question]')];
	}

	function syncQuestion(fs) {
		const answered = fs.querySelector('input:checked') !== null;
		fs.querySelector('.question__skipped').hidden = answered;
		fs.querySelector('[data-clear]').hidden = !answered;
	}

	function syncProgress() {
		const n = fieldsets().filter((fs) => fs.querySelector('input:checked')).length;
		const total = questions.length;
		let text;
		if (n === 0)
			text = `None of the ${total} questions answered yet.`;
		else if (n === total)
			text = `All ${total} questions answered.`;
		else
			text = `${n} of ${total} questions answered. The rest count neither way.`;
		el.progress.textContent = text;
	}

	function readAnswers() {
		const answers = {};
		for (const q of questions) {
			const checked = el.form.querySelector(`input[name="${CSS.escape(q.id)}"]:checked`);
			answers[q.id] = checked ? checked.value : null;
		}
		return answers;
	}

	function firstRadio() {
		return el.questions.querySelector('input[type="radio"]');
	}

	async function load() {
		setState('loading');
		el.questions.setAttribute('aria-busy', 'true');
		fill(el.questions, h('p', { class: 'status', text: 'Loading the questions…' }));
		try {
			questions = checkQuestions(await api.questions());
		} catch (err) {
			showLoadError(err);
			return;
		}
		fill(el.questions, questions.map((q, i) => renderQuestion(q, i, questions.length)));
		el.questions.setAttribute('aria-busy', 'false');
		el.submitRow.hidden = false;
		syncProgress();
		setState('ready');
	}

	function showLoadError(err) {
		const retry = h('button', { type: 'button', class: 'button button--secondary' }, 'Try again');
		retry.addEventListener('click', () => {
			load().then(() => {
				const first = firstRadio();
				if (first)
					first.focus();
			});
		});
		const detail = err instanceof ApiError ? sentence(err.message)
			: 'Something went wrong while setting up the page.';
		fill(el.questions,
			h('div', { class: 'notice notice--error', role: 'alert' },
				h('p', {}, h('strong', { text: 'The questions could not be loaded.' })),
				h('p', { text: detail }),
				h('p', { text: 'Check that smallrun is still running, then try again. If it keeps happening, restart smallrun.' }),
				retry));
		el.questions.setAttribute('aria-busy', 'false');
		el.submitRow.hidden = true;
		setState('error');
	}

	/* ---- advice ---- */

	function showError(err) {
		let text = 'Something went wrong. Please try again.';
		if (err instanceof ApiError) {
			text = sentence(err.message);
			const q = questions.find((x) => x.id === err.field);
			if (q)
				text += ` (Question: ${q.topic || q.text})`;
		}
		fill(el.error, h('p', { text }));
	}

	function renderList(list, items, className) {
		fill(list, (items || []).map((t) => h('li', { class: className, text: t })));
	}

	function renderScale(s) {
		const max = s.max;
		const style = el.scale.style;
		style.setProperty('--mixed-from', `${scalePercent(-s.margin, max)}%`);
		style.setProperty('--mixed-to', `${scalePercent(s.margin, max)}%`);
		style.setProperty('--pos', `${scalePercent(s.balance, max)}%`);
	}

	function showResult(advice) {
		const rec = advice.recommendation;
		el.result.dataset.recommendation = rec;
		el.title.textContent = advice.title || capitalize(sideName(rec));

		renderScale(advice.scores);
		el.balanceText.textContent = balanceText(advice);

		el.summary.textContent = advice.summary || '';

		fill(el.reasons, (advice.reasons || []).map((r) =>
			h('li', { class: `reason reason--${r.leans}`, 'data-leans': r.leans },
				h('p', { class: 'reason__head' },
					h('span', { class: 'reason__topic', text: r.topic }),
					h('span', { class: `lean lean--${r.leans}`, text: `Leans to ${r.leans} · ${points(r.weight)}` })),
				h('p', { class: 'reason__answer', text: `You said: “${r.label}”` }),
				h('p', { class: 'reason__text', text: r.text }))));

		const skipped = (advice.unanswered || []).map((id) => {
			const q = questions.find((x) => x.id === id);
			return `“${q ? (q.topic || q.text) : id}”`;
		});
		el.unanswered.hidden = skipped.length === 0;
		el.unanswered.textContent = skipped.length === 0 ? ''
			: `You left out ${listText(skipped)}, so ${skipped.length === 1 ? 'it counts' : 'they count'} neither way.`;

		const rules = advice.rules || [];
		el.rulesBlock.hidden = rules.length === 0;
		fill(el.rules, rules.map((r) =>
			h('li', { 'data-code': r.code },
				h('span', { class: 'rule__effect', text: effectText(r.effect) }),
				r.text)));

		renderList(el.benefits, advice.benefits);
		renderList(el.uses, advice.common_uses);
		el.note.textContent = advice.note || '';

		const warnings = advice.warnings || [];
		el.warningsBlock.hidden = warnings.length === 0;
		fill(el.warnings, warnings.map((w) => h('li', { 'data-code': w.code, text: w.text })));

		shown = rec;
		clearSaved();
		el.stale.hidden = true;
		el.placeholder.hidden = true;
		el.result.hidden = false;
		setState('result');

		el.heading.focus({ preventScroll: true });
		scrollToNode(el.result);
	}

	async function submit(event) {
		event.preventDefault();
		if (busy)
			return;
		busy = true;
		el.submit.setAttribute('aria-disabled', 'true');
		el.submit.textContent = 'Working it out…';
		fill(el.error);
		try {
			showResult(await api.advice(readAnswers()));
		} catch (err) {
			showError(err);
		} finally {
			busy = false;
			el.submit.removeAttribute('aria-disabled');
			el.submit.textContent = submitLabel;
		}
	}

	function answersChanged() {
		syncProgress();
		fill(el.error);
		if (!el.result.hidden)
			el.stale.hidden = false;
	}

	/* ---- keeping the answer (PUT /settings {advised}) ---- */

	function clearSaved() {
		el.saveStatus.className = 'result__saved';
		fill(el.saveStatus);
	}

	async function saveAnswer() {
		if (saving || !shown)
			return;
		saving = true;
		const rec = shown;
		el.save.setAttribute('aria-disabled', 'true');
		clearSaved();
		try {
			setSettings(await api.saveSettings({ advised: rec }));
			el.saveStatus.className = 'result__saved result__saved--ok';
			fill(el.saveStatus,
				h('span', { 'aria-hidden': 'true' }, '✓ '),
				`Saved as your answer: ${el.title.textContent}. `,
				h('a', { href: '#/numbers' }, 'See it beside your figures'), '.');
		} catch (err) {
			el.saveStatus.className = 'result__saved result__saved--error';
			fill(el.saveStatus, `Your answer was not saved. ${err instanceof ApiError ? sentence(err.message) : 'Please try again.'}`);
		} finally {
			saving = false;
			el.save.removeAttribute('aria-disabled');
		}
	}

	function startAgain() {
		el.form.reset();
		fieldsets().forEach(syncQuestion);
		syncProgress();
		fill(el.error);
		el.result.hidden = true;
		el.stale.hidden = true;
		shown = null;
		clearSaved();
		delete el.result.dataset.recommendation;
		el.placeholder.hidden = false;
		setState('ready');
		const first = firstRadio();
		if (first) {
			first.focus({ preventScroll: true });
			scrollToNode(root);
		}
	}

	/* ---- wiring ---- */

	el.form.addEventListener('submit', submit);
	el.form.addEventListener('change', (event) => {
		const fs = event.target.closest('fieldset[data-question]');
		if (fs)
			syncQuestion(fs);
		answersChanged();
	});
	el.questions.addEventListener('click', (event) => {
		const button = event.target.closest('[data-clear]');
		if (!button)
			return;
		const fs = button.closest('fieldset[data-question]');
		fs.querySelectorAll('input[type="radio"]').forEach((r) => { r.checked = false; });
		syncQuestion(fs);
		answersChanged();
		fs.querySelector('input[type="radio"]').focus();
	});
	el.print.addEventListener('click', () => window.print());
	el.save.addEventListener('click', saveAnswer);
	el.restart.addEventListener('click', startAgain);

	load();
}
