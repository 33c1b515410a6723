import { execFileSync } from 'child_process';
import { join } from 'path';
import puppeteer from 'puppeteer-core';
import type { Browser, Page } from 'puppeteer-core';

/** Debian's headless Chromium, installed by scripts/ensure-browser.sh when missing. */
export async function launchBrowser(): Promise<Browser> {
	const stdout = execFileSync(
		'bash',
		[join(__dirname, '..', '..', 'scripts', 'ensure-browser.sh')],
		{
			encoding: 'utf8',
		},
	);
	const executablePath = /^BROWSER=(.+)$/m.exec(stdout)?.[1];
	if (!executablePath) throw new Error(`scripts/ensure-browser.sh printed no browser:\n${stdout}`);
	// Root in a container has no user namespaces for Chromium's sandbox; the pages are local.
	return await puppeteer.launch({ executablePath, args: ['--no-sandbox'] });
}

/** What the page shows, as a user reads it. */
export async function visibleText(page: Page): Promise<string> {
	// Runs in the page, where `document` is; the tests are compiled without the DOM's types.
	return await page.$eval('body', (body) => (body as unknown as { innerText: string }).innerText);
}

/** Waits until the page shows `text` (up to 30 s) and returns the line it is in. */
export async function lineShowing(page: Page, text: string): Promise<string> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const line = (await visibleText(page)).split('\n').find((entry) => entry.includes(text));
		if (line !== undefined) return line;
		if (Date.now() > deadline)
			throw new Error(`the page never showed "${text}":\n${await visibleText(page)}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/** What a node's open parameters panel shows of one parameter. */
export interface FieldShown {
	label: string;
	/** The mode a resource locator shows picked ("By ID"), or its grey placeholder; none for a plain field. */
	mode?: string;
	/** The text in its input. */
	value: string;
}

/** What the open node (its parameters panel) shows of parameter `name`, once it shows it. */
export async function fieldShown(page: Page, name: string): Promise<FieldShown> {
	const input = `[data-test-id="parameter-input-${name}"]`;
	await page.waitForSelector(input, { timeout: 30_000 });
	return await page.$eval(
		`[data-test-id="parameter-item"]:has(${input})`,
		(item, input) => {
			interface Shown {
				innerText: string;
				value: string;
				placeholder: string;
				querySelector(selector: string): Shown | null;
			}
			const field = item as unknown as Shown;
			const mode = field.querySelector('[data-test-id="rlc-mode-selector"] input');
			return {
				label: field.querySelector('[data-test-id="input-label"]')!.innerText.split('\n')[0].trim(),
				...(mode ? { mode: mode.value || mode.placeholder } : {}),
				value: field.querySelector(
					`${input} [data-test-id="rlc-input"], ${input} [data-test-id="parameter-input-field"]`,
				)!.value,
			};
		},
		input,
	);
}
