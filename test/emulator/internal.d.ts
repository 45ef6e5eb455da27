/**
 * Internal types of the provider emulator: what its modules share (state.js builds the state).
 * Not for tests: the public types are in ./types.d.ts.
 */

import type { ClientRequest, Server } from 'node:http';

import type { TimerGroup } from './io';
import type { createOpenAiChat } from './openai';
import type {
	Answer,
	CallbackLogEntry,
	CoverTask,
	EmulatorOptions,
	Fault,
	RequestLogEntry,
} from './types';

/** A stored cover task; its phase and images are derived when it is shown. */
export type TaskRecord = Omit<CoverTask, 'phase' | 'images'>;

/** A kie.ai music task (kieMusic.js): its generate body, and when it is finished. */
export interface MusicTaskRecord {
	taskId: string;
	/** the generate body as sent (the record's `param`, as a JSON string) */
	param: Record<string, unknown>;
	createdAt: number;
	readyAt: number;
}

/** What a provider API request is answered: a profile's answer, or a fault without one. */
export type Reply = Answer | { kind: 'reset' } | { kind: 'hang' };

/** A queued fault and how many more answers it replaces. */
export type PendingFault = Fault & { remaining: number };

/** The one state object the emulator's modules read and write. */
export interface EmulatorState {
	/** the options given to createEmulator over the defaults: what reset() restores. */
	readonly baseline: EmulatorOptions;
	options: EmulatorOptions;
	/** cover task id -> task */
	readonly tasks: Map<string, TaskRecord>;
	/** kie.ai music task id -> music task (kieMusic.js) */
	readonly musicTasks: Map<string, MusicTaskRecord>;
	/** `${provider} ${musicTaskId}` -> cover task id */
	readonly coverByMusic: Map<string, string>;
	readonly requests: RequestLogEntry[];
	readonly callbacks: CallbackLogEntry[];
	readonly faults: PendingFault[];
	/** api key -> times of accepted kie generate requests */
	readonly rateWindows: Map<string, number[]>;
	/** response delays, hung answers, manual callbacks' timeouts: cleared by stop() only. */
	readonly ioTimers: TimerGroup;
	/** task completion and callback delivery: cleared by reset() and stop(). */
	readonly taskTimers: TimerGroup;
	/** cover task id -> the timer that fires its callbacks */
	readonly completionTimers: Map<string, NodeJS.Timeout>;
	/** callback POSTs in flight (destroyed by reset() and stop()) */
	readonly outgoing: Set<ClientRequest>;
	/** bumped by reset()/stop() so running callback loops notice they are stale. */
	epoch: number;
	server: Server | null;
	/** `http://127.0.0.1:PORT` once started. */
	baseUrl: string | null;
	/** The OpenAI-compatible chat model for agent runs (./openai.js). */
	readonly openAi: ReturnType<typeof createOpenAiChat>;
}
