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
