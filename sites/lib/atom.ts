/** The archive's Atom feeds: built by the archive renderer (core/archive/atom.ts); re-exported for the site's pages. */
export * from '../../core/archive/atom.ts';
