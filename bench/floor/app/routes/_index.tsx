export const meta = () => [{ title: "Floor" }];

export default function Index() {
  return (
    <main>
      <h1>Giao ban</h1>
      <p>Trang trống, để đo chi phí tối thiểu của Remix trên máy này.</p>
    </main>
  );
}
