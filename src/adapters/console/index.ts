export { renderForTerminal, runInteractiveConsole, type InteractiveConsoleOptions } from './console.js';
export { renderReplyAsText } from '../../core/render/text.js';
