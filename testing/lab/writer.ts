/** The lab writer (numbered rows through HAProxy's writer port), for the integration tests. */
export { prepareWriterTable, startWriter } from '../../scripts/lab/writer.mjs';
