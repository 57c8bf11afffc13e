/** The part of `@msimerson/stun` (CommonJS, untyped) the signaling server uses. */
declare module '@msimerson/stun' {
	/** A decoded or built STUN message. */
	export interface StunMessage {
		readonly type: number;
		readonly transactionId: Buffer;
		addXorAddress(address: string, port: number): unknown;
	}
	/** Decodes a datagram; throws on a malformed one. */
	export function decode(message: Buffer): StunMessage;
	/** Encodes a message. */
	export function encode(message: StunMessage): Buffer;
	/** A new message of `type` (with the given transaction id). */
	export function createMessage(type: number, transaction?: Buffer): StunMessage;
	export const constants: {
		readonly STUN_BINDING_REQUEST: number;
		readonly STUN_BINDING_RESPONSE: number;
	};
	const stun: {
		decode: typeof decode;
		encode: typeof encode;
		createMessage: typeof createMessage;
		constants: typeof constants;
	};
	export default stun;
}
