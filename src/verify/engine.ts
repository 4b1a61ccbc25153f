/** The engine interface and its adapters live in ./engines/ (kept here so existing imports still resolve). */
export * from './engines/index.js';
