/* Worksheet "export-readiness" (module 02): a scorecard; its questions and words are in its definition. */
export { mount } from "./worksheet-scorecard.js";
