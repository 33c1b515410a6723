const { src, dest, task, parallel } = require('gulp');

// Icons are referenced as `file:` paths from the built credential and node files.
task('build:icons', () => src('icons/*.svg').pipe(dest('dist/icons')));

// n8n reads a node's codex (categories, documentation links) from the .node.json beside its .node.js.
task('build:codex', () => src('nodes/**/*.node.json').pipe(dest('dist/nodes')));

task('build:assets', parallel('build:icons', 'build:codex'));
