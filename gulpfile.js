const { src, dest, task } = require('gulp');

// Icons are referenced as `file:` paths from the built credential and node files.
task('build:icons', () => src('icons/*.svg').pipe(dest('dist/icons')));
