import { data } from "@remix-run/node";
import { ErrorPage } from "~/components/error-page";

/** Any URL no route claims: a 404 page in the reader's language. */
export function loader() {
  throw data({ status: 404 }, { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
