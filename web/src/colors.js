// One colour per PLOVER type: cooperation in greens and blues, conflict in oranges and reds.
export const TYPE_ORDER = [
  "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];

export const TYPE_COLORS = {
  AGREE: "#2e7d32",
  CONSULT: "#1e88e5",
  SUPPORT: "#43a047",
  COOPERATE: "#00897b",
  AID: "#7cb342",
  CONCEDE: "#26a69a",
  RETREAT: "#5c6bc0",
  REQUEST: "#8e24aa",
  ACCUSE: "#fb8c00",
  REJECT: "#f4511e",
  THREATEN: "#e53935",
  PROTEST: "#d81b60",
  SANCTION: "#6d4c41",
  MOBILIZE: "#ad1457",
  COERCE: "#c62828",
  ASSAULT: "#7f0000",
};

export function typeColor(type) {
  return TYPE_COLORS[type] || "#757575";
}

export function sortTypes(types) {
  return [...types].sort((a, b) => {
    const ia = TYPE_ORDER.indexOf(a);
    const ib = TYPE_ORDER.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib) || a.localeCompare(b);
  });
}
