/** cluster-key-slot ships no types: the Redis Cluster hash slot (CRC16 of the key or its `{tag}`, mod 16384). */
declare module 'cluster-key-slot' {
  function calculateSlot(key: string | Buffer): number;
  namespace calculateSlot {
    /** The common slot of every key, or -1 when they differ. */
    function generateMulti(keys: (string | Buffer)[]): number;
  }
  export default calculateSlot;
}
