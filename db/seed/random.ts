/** A small seeded generator (mulberry32), so that the demo data is the same on every machine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < count && copy.length > 0)
      out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0] as T);
    return out;
  }

  /** A point about `maxKm` or less from a centre, roughly uniform. */
  near(lat: number, lng: number, maxKm: number): { lat: number; lng: number } {
    const distance = Math.sqrt(this.next()) * maxKm;
    const bearing = this.next() * 2 * Math.PI;
    const dLat = (distance * Math.cos(bearing)) / 111.32;
    const dLng = (distance * Math.sin(bearing)) / (111.32 * Math.cos((lat * Math.PI) / 180));
    return { lat: round6(lat + dLat), lng: round6(lng + dLng) };
  }
}

export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
