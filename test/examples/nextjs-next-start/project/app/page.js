const teams = ['platform', 'payments', 'growth'];

export default function Home() {
  return (
    <main>
      <h1>team dashboard next start</h1>
      <ul>
        {teams.map((team) => (
          <li key={team}>{team}</li>
        ))}
      </ul>
    </main>
  );
}
