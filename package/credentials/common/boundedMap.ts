/** A Map that forgets its oldest entries beyond `limit`: per-process memory that cannot grow. */
export class BoundedMap<K, V> extends Map<K, V> {
	constructor(private readonly limit: number) {
		super();
	}

	set(key: K, value: V): this {
		this.delete(key);
		super.set(key, value);
		if (this.size > this.limit) this.delete(this.keys().next().value as K);
		return this;
	}
}

/**
 * A bounded map whose entries expire. When it is full, expired entries make room first; only
 * `limit` entries that are all still live push out the oldest.
 */
export class ExpiringMap<K, V> {
	private readonly entries = new Map<K, { value: V; until: number }>();

	constructor(private readonly limit: number) {}

	set(key: K, value: V, lifetimeMs: number): void {
		const now = Date.now();
		this.entries.delete(key);
		if (this.entries.size >= this.limit) {
			for (const [known, entry] of this.entries) if (now >= entry.until) this.entries.delete(known);
		}
		if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as K);
		this.entries.set(key, { value, until: now + lifetimeMs });
	}

	get(key: K): V | undefined {
		const entry = this.entries.get(key);
		if (entry === undefined) return undefined;
		if (Date.now() < entry.until) return entry.value;
		this.entries.delete(key);
		return undefined;
	}
}
