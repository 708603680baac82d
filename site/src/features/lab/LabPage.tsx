/** The benchmark lab page; its engine lives in labs/. */
export default function LabPage() {
  return (
    <main className="lab">
      <h1>Benchmark lab</h1>
      <p className="muted">The lab is being built.</p>
    </main>
  );
}
