import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Browser, Page } from 'puppeteer-core';
import type { FakeProvider } from '../fakes/fakeProvider';
import { fieldShown, launchBrowser, lineShowing, visibleText } from '../harness/browser';
import { readExample } from '../harness/examples';
import { credentialTypeNamed, nodeFor, registeredNodes } from '../harness/packageManifest';
import { RealN8n } from '../harness/realN8n';
import { providerFixtures } from '../providers';
import { chain, installedNode, start } from '../harness/workflows';
import type { CredentialRef } from '../harness/workflows';

/**
 * What a newcomer meets in n8n 2.41.1's editor (headless Chromium): the examples the fixtures
 * name (`editorExample`) imported with the editor's Import from File and run from inside a
 * node's panel (Execute step) or a trigger's panel (Fetch Test Event), the subtitles on the
 * canvas, and the nodes panel's entry for each provider that has a node and a trigger.
 */
jest.setTimeout(8 * 60_000);

const PLACEHOLDER = 'https://API_BASE_URL';

interface Provider {
	fake: FakeProvider;
	url: string;
	credential: CredentialRef;
}

let n8n: RealN8n;
let browser: Browser;
let page: Page;
let files: string;
const providers = new Map<string, Provider>();
const withExamples = providerFixtures.flatMap(({ demo, editorExample }) =>
	editorExample ? [{ demo, ...editorExample }] : [],
);
const withSavedNodes = providerFixtures.flatMap(({ demo, savedNodes }) =>
	savedNodes ? [{ demo, ...savedNodes }] : [],
);

/** Waits until the page shows one of `texts` (up to 30 s) and returns the page's text. */
async function pageShowing(...texts: string[]): Promise<string> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const text = await visibleText(page);
		if (texts.some((wanted) => text.includes(wanted))) return text;
		if (Date.now() > deadline)
			throw new Error(`the page never showed any of ${JSON.stringify(texts)}:\n${text}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * Imports examples/<file>.json as a user does (Workflows → Import from File in a new workflow,
 * the API URL placeholder replaced in the file) and returns the id n8n saved it under.
 */
async function importExample(file: string, url: string): Promise<string> {
	const path = join(files, `${file}.json`);
	writeFileSync(path, readExample(file).text.split(PLACEHOLDER).join(url));
	await page.goto(`http://localhost:${n8n.port}/workflow/new`);
	const input = await page.waitForSelector('[data-test-id="workflow-import-input"]', {
		timeout: 60_000,
	});
	await input!.uploadFile(path);
	// The editor saves an imported workflow right away under an id it picks.
	const deadline = Date.now() + 30_000;
	for (;;) {
		const id = page.url().split('/').pop()!.split('?')[0];
		const saved = id !== 'new' && (await n8n.get(`/rest/workflows/${id}`)).ok;
		if (saved) return id;
		if (Date.now() > deadline) throw new Error(`the editor never saved ${file}.json`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** Opens a node's panel, as a double-click on the canvas does, and returns the node's type. */
async function openNode(workflowId: string, nodeName: string): Promise<string> {
	const { nodes } = (await n8n.rest('GET', `/workflows/${workflowId}`)) as {
		nodes: Array<{ id: string; name: string; type: string }>;
	};
	const node = nodes.find(({ name }) => name === nodeName)!;
	await page.goto(`http://localhost:${n8n.port}/workflow/${workflowId}/${node.id}`);
	await page.waitForSelector('[data-test-id="node-execute-button"]', { timeout: 30_000 });
	return node.type;
}

/** n8n 2.41's name for a new credential: its display name without "API", then "account". */
const defaultCredentialName = (type: string) =>
	`${credentialTypeNamed(type)
		.displayName.split(' ')
		.filter((word) => word !== 'API')
		.join(' ')} account`;

/** The description the nodes panel shows under the search result named `name`. */
async function entryShown(name: string): Promise<string> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const entries = await page.$$eval('[data-test-id="node-creator-item-name"]', (names) =>
			names.map((element) => {
				interface Shown {
					innerText: string;
					parentElement: Shown | null;
					querySelector(selector: string): Shown | null;
				}
				const item = element as unknown as Shown;
				let box: Shown | null = item;
				while (box && !box.querySelector('[data-test-id="node-creator-item-description"]'))
					box = box.parentElement;
				const description = box?.querySelector('[data-test-id="node-creator-item-description"]');
				return [item.innerText.trim(), description?.innerText.trim() ?? ''];
			}),
		);
		const found = entries.find(([shown]) => shown === name);
		if (found) return found[1];
		if (Date.now() > deadline)
			throw new Error(`the nodes panel never listed "${name}": ${JSON.stringify(entries)}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

const apiStatuses = (provider: Provider) =>
	provider.fake.log.filter((entry) => entry.kind === 'api').map((entry) => entry.status);

/** How the run started from a panel ended: n8n's error, or the provider's API answering. */
async function runOutcome(provider: Provider): Promise<string> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const text = await visibleText(page);
		const error = ['uses invalid credential', 'Credentials not found'].find((e) =>
			text.includes(e),
		);
		if (error) return error;
		if (apiStatuses(provider).includes(200)) return 'the API answered 200';
		if (Date.now() > deadline) throw new Error(`the run showed nothing:\n${text}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

beforeAll(async () => {
	files = mkdtempSync(join(tmpdir(), 'token-auth-editor-'));
	n8n = await RealN8n.create({ port: 5766 });
	await n8n.start();
	await n8n.signInAsOwner();
	for (const { demo } of [...withExamples, ...withSavedNodes]) {
		if (providers.has(demo.credential.type)) continue;
		const fake = demo.createFake();
		const url = await fake.start();
		// Created by the user before importing, under the name n8n's editor gives a new one.
		const name = defaultCredentialName(demo.credential.type);
		const { id } = (await n8n.rest('POST', '/credentials', {
			name,
			type: demo.credential.type,
			data: demo.credentialData(url),
		})) as { id: string };
		providers.set(demo.credential.type, {
			fake,
			url,
			credential: { id, name, type: demo.credential.type },
		});
	}
	browser = await launchBrowser();
	page = await browser.newPage();
	await page.setViewport({ width: 1400, height: 1000 });
	await page.setCookie({ ...n8n.sessionCookie, domain: 'localhost', path: '/' });
	// Leaving a page with a run's data in it: "Leave without saving?" — yes.
	page.on('dialog', (dialog) => void dialog.accept());
});

afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
	await Promise.all([...providers.values()].map(({ fake }) => fake.stop()));
	n8n?.removeUserFolder();
	if (files) rmSync(files, { recursive: true, force: true });
});

describe('an example imported in the editor', () => {
	test.each(withExamples)(
		"examples/$example, imported: the canvas reads each node's action, and a run from a node's panel reaches the API",
		async ({ demo, example, canvas = [], runs }) => {
			const provider = providers.get(demo.credential.type)!;
			const workflowId = await importExample(example, provider.url);

			if (canvas.length) {
				const shown = await pageShowing(...canvas);
				for (const text of canvas) expect(shown).toContain(text);
			}
			for (const [node, shows] of runs) {
				provider.fake.clearLog();
				const type = await openNode(workflowId, node);
				if (type.endsWith('Trigger')) await pageShowing('Fetch Test Event');
				await page.click('[data-test-id="node-execute-button"]');
				expect(await runOutcome(provider)).toBe('the API answered 200');
				// "1 item", not the end of "11 items".
				if (shows) expect(await lineShowing(page, shows)).toMatch(new RegExp(`(^|\\D)${shows}`));
			}
		},
	);
});

describe('a node saved by an earlier version of the package, beside one added now', () => {
	test.each(withSavedNodes)(
		'$demo.name: each panel shows the saved value, and Execute step in the earliest reaches the API',
		async ({ demo, field, versions, run }) => {
			const provider = providers.get(demo.credential.type)!;
			const node = nodeFor(demo.credential.type).description.name;
			const nameOf = (typeVersion: number) => `Version ${typeVersion}`;
			const { id: _, ...workflow } = chain('SavedVersions', `Saved ${demo.name} nodes`, [
				start,
				...versions.map(({ typeVersion, parameters }) => ({
					...installedNode(nameOf(typeVersion), node, provider.credential, parameters),
					typeVersion,
				})),
			]) as { id: string };
			const { id } = (await n8n.rest('POST', '/workflows', workflow)) as { id: string };

			for (const [index, { typeVersion, shown }] of versions.entries()) {
				await openNode(id, nameOf(typeVersion));
				expect(await fieldShown(page, field)).toEqual(shown);
				if (index > 0) continue;
				provider.fake.clearLog();
				await page.click('[data-test-id="node-execute-button"]');
				expect(await lineShowing(page, run.shows)).toContain(run.sameLine);
				expect(provider.fake.log.filter((e) => e.kind === 'api').map((e) => e.path)).toEqual([
					run.apiPath,
				]);
			}
		},
	);
});

describe("the nodes panel's entry for a node and its trigger", () => {
	const pairs = registeredNodes()
		.map(({ description }) => description)
		.filter((trigger) => trigger.name.endsWith('Trigger'))
		.map((trigger) => ({
			search: trigger.displayName.replace(/ Trigger$/, ''),
			node: registeredNodes().find(
				({ description }) => description.name === trigger.name.replace(/Trigger$/, ''),
			)!.description,
		}));

	/** A workflow that starts with a manual trigger: the panel then lists what can come next. */
	let started: string;
	beforeAll(async () => {
		const saved = (await n8n.rest('POST', '/workflows', {
			name: 'Next step',
			nodes: [
				{
					id: 'start',
					name: 'Start',
					type: 'n8n-nodes-base.manualTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: {},
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
		})) as { id: string };
		started = saved.id;
	});

	test.each(pairs)(
		'searching "$search" shows what the node does, its actions first, and offers the trigger',
		async ({ search, node }) => {
			await page.goto(`http://localhost:${n8n.port}/workflow/${started}`);
			await page.waitForSelector('[data-test-id="node-creator-plus-button"]', {
				timeout: 60_000,
			});
			await page.click('[data-test-id="node-creator-plus-button"]');
			await page.waitForSelector('[data-test-id="node-creator-search-bar"]');
			await page.type('[data-test-id="node-creator-search-bar"]', search);
			const entry = await entryShown(search);
			const firstWords = node.description.split(' ').slice(0, 3).join(' ');

			expect(entry.slice(0, firstWords.length)).toBe(firstWords);
			expect(entry).toContain(', or start a workflow when ');

			const [item] = await page.$$(
				`xpath/.//*[@data-test-id="node-creator-item-name"][normalize-space()="${search}"]`,
			);
			await item.click();
			const details = await pageShowing('Actions (');
			expect(details.indexOf('Actions (')).toBeLessThan(details.indexOf('Triggers ('));
		},
	);
});
