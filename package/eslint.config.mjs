// n8n's own rules for community nodes, on the sources (the scanner checks the packed tarball).
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';

export default [
	{ ignores: ['dist/**', 'node_modules/**', '.tmp/**', 'test/**', 'scripts/**', 'coverage/**', '*.js', '*.mjs'] },
	{
		files: ['credentials/**/*.ts', 'nodes/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		rules: { 'no-console': 'error' },
	},
	n8nCommunityNodesPlugin.configs.recommended,
];
