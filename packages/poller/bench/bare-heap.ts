/**
 * The baseline the TimerQueue is measured against: a bare indexed binary min-heap of deadlines on
 * preallocated typed arrays, with removal by id (O(log n) sift). No callbacks, no generations, no
 * tie-break sequence, no growth, no alarm: the least any heap-based timer store can do.
 */
export class BareIndexedHeap {
  private readonly keys: Float64Array;
  private readonly ids: Int32Array;
  private readonly positions: Int32Array;
  private size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
    this.positions = new Int32Array(capacity);
  }

  insert(id: number, key: number): void {
    this.siftUp(this.size++, key, id);
  }

  remove(id: number): void {
    const position = this.positions[id] as number;
    const last = --this.size;
    if (position === last) return;
    const key = this.keys[last] as number;
    const lastId = this.ids[last] as number;
    if (position > 0 && key < (this.keys[(position - 1) >> 1] as number)) {
      this.siftUp(position, key, lastId);
    } else {
      this.siftDown(position, key, lastId);
    }
  }

  private siftUp(start: number, key: number, id: number): void {
    const keys = this.keys;
    const ids = this.ids;
    const positions = this.positions;
    let index = start;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentKey = keys[parent] as number;
      if (parentKey <= key) break;
      keys[index] = parentKey;
      const parentId = ids[parent] as number;
      ids[index] = parentId;
      positions[parentId] = index;
      index = parent;
    }
    keys[index] = key;
    ids[index] = id;
    positions[id] = index;
  }

  private siftDown(start: number, key: number, id: number): void {
    const keys = this.keys;
    const ids = this.ids;
    const positions = this.positions;
    const size = this.size;
    let index = start;
    for (;;) {
      let child = index * 2 + 1;
      if (child >= size) break;
      if (child + 1 < size && (keys[child + 1] as number) < (keys[child] as number)) child++;
      const childKey = keys[child] as number;
      if (childKey >= key) break;
      keys[index] = childKey;
      const childId = ids[child] as number;
      ids[index] = childId;
      positions[childId] = index;
      index = child;
    }
    keys[index] = key;
    ids[index] = id;
    positions[id] = index;
  }
}
