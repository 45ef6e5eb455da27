import type { ProviderEnvelope } from '../providers/types';

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string {
	return typeof value === 'string' ? value : '';
}

/** The readable start of an HTML or text body, for an error message. */
function snippetOf(text: string): string {
	const plain = text
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return plain.length > 160 ? `${plain.slice(0, 157)}...` : plain;
}

/**
 * Reads any of the providers' envelopes into one shape: `{code, msg|message, data}` (kie.ai,
 * udioapi.pro, apiin.one) or `{"error": {code, message, type}}` (apiin.one). The body code is
 * the truth when there is one, since kie.ai answers HTTP 200 to failed calls.
 */
export function readEnvelope(
	httpStatus: number,
	body: unknown,
): ProviderEnvelope & { nonJson?: boolean } {
	let parsed = body;
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		const text = body.toString();
		if (text.trim() === '') return { httpStatus, code: httpStatus, message: '', data: undefined };
		try {
			parsed = JSON.parse(text);
		} catch {
			return {
				httpStatus,
				code: httpStatus >= 400 ? httpStatus : 502,
				message: `answered with a non-JSON body (HTTP ${httpStatus}): ${snippetOf(text) || 'empty page'}`,
				data: undefined,
				nonJson: true,
			};
		}
	}
	if (!isRecord(parsed)) {
		return { httpStatus, code: httpStatus, message: '', data: parsed };
	}
	if (isRecord(parsed.error)) {
		const code = Number(parsed.error.code);
		return {
			httpStatus,
			code: Number.isFinite(code) && code > 0 ? code : Math.max(httpStatus, 400),
			message: textOf(parsed.error.message) || textOf(parsed.error.type),
			data: parsed.data,
		};
	}
	const bodyCode = Number(parsed.code);
	let code = Number.isFinite(bodyCode) && bodyCode > 0 ? bodyCode : httpStatus;
	// A body claiming success inside an HTTP error is still an error.
	if (httpStatus >= 400 && code < 300) code = httpStatus;
	return {
		httpStatus,
		code,
		message: textOf(parsed.msg) || textOf(parsed.message),
		data: parsed.data,
	};
}
