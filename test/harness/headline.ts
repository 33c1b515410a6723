/**
 * The package's error messages end with what to fix (their description), so that the places
 * that show a message alone (the credential Test result, an error workflow, an AI agent's tool
 * result) carry it. This is the part before it, without the period that joins the two, and
 * checks that the fix is there.
 */
export function headlineOf(error: { message: string; description?: string | null }): string {
	const { message, description } = error;
	if (!description || !message.endsWith(` ${description}`)) {
		throw new Error(`the message does not end with its fix ("${description}"): ${message}`);
	}
	return message.slice(0, -(description.length + 1)).replace(/\.$/, '');
}
