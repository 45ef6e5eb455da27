/**
 * Compares one raw provider answer with what the provider's adapter expects (its `knownAnswers`:
 * the zod schemas it parses with, its status words, the codes its pages name) and lists every
 * difference as drift: a field no schema names, a status word the adapter does not map, a code no
 * page names, an answer the schema rejects. The node tolerates most of these (unknown fields pass,
 * unknown status words read as running), which is why they must be reported and not accepted.
 */
import { z } from 'zod';

import type { ProviderAdapter } from '../../nodes/MusicCover/providers';
import { readEnvelope } from '../../nodes/MusicCover/transport/envelope';
import type { RecordedExchange } from './recordingProxy';

/**
 * The envelope fields the transport reads (transport/envelope.ts): `{code, msg | message, data}`
 * and apiin.one's `{"error": {code, message, type}}`.
 */
const ENVELOPE_FIELDS = ['code', 'msg', 'message', 'data', 'error'];
const ERROR_FIELDS = ['code', 'message', 'type'];

export type AnswerKind = 'generate' | 'status' | 'other';

export interface CheckedExchange {
	kind: AnswerKind;
	exchange: RecordedExchange;
	/** The envelope code the node reads (the body code when there is one). */
	code?: number;
	/** The status word the adapter read from a status answer. */
	providerStatus?: string;
	drift: string[];
}

function pathOf(url: string): string {
	return url.split('?')[0].replace(/\/+$/, '');
}

/** Which of the adapter's requests an exchange answers, from the adapter's own request paths. */
export function kindOf(adapter: ProviderAdapter, exchange: RecordedExchange): AnswerKind {
	const path = pathOf(exchange.path);
	if (path === pathOf(adapter.generateRequest('-', undefined).path)) return 'generate';
	if (path === pathOf(adapter.statusRequest('-').path)) return 'status';
	return 'other';
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
	const text = JSON.stringify(value) ?? String(value);
	return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The object schema inside optional / nullable / refined wrappers, or undefined. */
function objectSchemaOf(schema: z.ZodTypeAny, value: unknown): z.AnyZodObject | undefined {
	if (schema instanceof z.ZodObject) return schema;
	if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
		return objectSchemaOf(schema.unwrap() as z.ZodTypeAny, value);
	if (schema instanceof z.ZodEffects)
		return objectSchemaOf(schema.innerType() as z.ZodTypeAny, value);
	if (schema instanceof z.ZodUnion && isRecord(value)) {
		for (const option of schema.options as z.ZodTypeAny[]) {
			const found = objectSchemaOf(option, value);
			if (found) return found;
		}
	}
	return undefined;
}

function arraySchemaOf(schema: z.ZodTypeAny): z.ZodArray<z.ZodTypeAny> | undefined {
	if (schema instanceof z.ZodArray) return schema;
	if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
		return arraySchemaOf(schema.unwrap() as z.ZodTypeAny);
	return undefined;
}

/** Every field of `value` that `schema` does not name, at any depth, as `path: value`. */
export function unknownFields(schema: z.ZodTypeAny, value: unknown, path: string): string[] {
	if (Array.isArray(value)) {
		const array = arraySchemaOf(schema);
		return array ? value.flatMap((v, i) => unknownFields(array.element, v, `${path}[${i}]`)) : [];
	}
	if (!isRecord(value)) return [];
	const object = objectSchemaOf(schema, value);
	if (!object) return [];
	const shape = object.shape as Record<string, z.ZodTypeAny>;
	return Object.entries(value).flatMap(([key, field]) =>
		key in shape
			? unknownFields(shape[key], field, `${path}.${key}`)
			: [`unknown field ${path}.${key}: ${shown(field)}`],
	);
}

function envelopeDrift(raw: unknown): string[] {
	if (!isRecord(raw)) return [];
	const drift = Object.keys(raw)
		.filter((key) => !ENVELOPE_FIELDS.includes(key))
		.map((key) => `unknown field ${key}: ${shown(raw[key])}`);
	if (isRecord(raw.error))
		for (const [key, value] of Object.entries(raw.error))
			if (!ERROR_FIELDS.includes(key)) drift.push(`unknown field error.${key}: ${shown(value)}`);
	return drift;
}

function schemaDrift(schema: z.ZodTypeAny, data: unknown): string[] {
	const parsed = schema.safeParse(data);
	if (parsed.success) return [];
	const issue = parsed.error.issues[0];
	return [
		`data does not match the adapter's schema: ${['data', ...issue.path].join('.')} ${issue.message}`,
	];
}

/** Checks one recorded answer against the adapter; `drift` is empty when it is as expected. */
export function checkExchange(
	adapter: ProviderAdapter,
	exchange: RecordedExchange,
): CheckedExchange {
	const kind = kindOf(adapter, exchange);
	if (exchange.httpStatus === 0) return { kind, exchange, drift: [] };
	const known = adapter.knownAnswers;
	const envelope = readEnvelope(exchange.httpStatus, exchange.body);
	const drift: string[] = [];
	if (!known.codes.includes(envelope.code))
		drift.push(
			`code ${envelope.code} (HTTP ${exchange.httpStatus}) is not one the adapter knows (${known.codes.join(', ')})`,
		);
	if (envelope.nonJson) return { kind, exchange, code: envelope.code, drift };
	drift.push(...envelopeDrift(JSON.parse(exchange.body) as unknown));

	const checked: CheckedExchange = { kind, exchange, code: envelope.code, drift };
	if (kind === 'generate' && (envelope.code === 200 || adapter.isGenerateAnswer(envelope))) {
		// A duplicate's answer too, when it carries data (kie.ai's carries the existing id).
		if (envelope.code === 200 || envelope.data !== undefined) {
			drift.push(...unknownFields(known.generateData, envelope.data, 'data'));
			drift.push(...schemaDrift(known.generateData, envelope.data));
		}
	}
	if (kind === 'status' && envelope.code === 200) {
		drift.push(...unknownFields(known.statusData, envelope.data, 'data'));
		const mismatch = schemaDrift(known.statusData, envelope.data);
		drift.push(...mismatch);
		if (mismatch.length === 0) {
			const { providerStatus } = adapter.parseStatus(envelope, '-');
			checked.providerStatus = providerStatus;
			if (!known.statusWords.includes(providerStatus))
				drift.push(
					`status ${providerStatus} is not a word the adapter knows (${known.statusWords.join(', ')}): it is read as still running`,
				);
		}
	}
	return checked;
}
