import { Link, useNavigate, useParams } from 'react-router';
import { useAnswerInvitation, useInvitation } from '../api/manage';
import { useLogout, useMe } from '../api/queries';
import { ErrorMessage, Loading } from '../components/Status';
import { Brand } from '../components/Brand';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import './Manage.css';

/** Opened from an invitation link, logged in or not; the code itself lets anyone read it. */
export function InvitationPage() {
  useDocumentTitle('Invitation');
  const code = useParams().code ?? '';
  const invitation = useInvitation(code);
  const me = useMe();
  const answer = useAnswerInvitation();
  const logout = useLogout();
  const navigate = useNavigate();
  const here = `/invitations/${encodeURIComponent(code)}`;

  let body;
  if (invitation.isPending || me.isPending) body = <Loading label="Opening the invitation…" />;
  else if (invitation.isError && !answer.isSuccess) body = <ErrorMessage error={invitation.error} title="This invitation cannot be opened" />;
  else {
    const inv = invitation.data!;
    const user = me.data;
    const otherAddress = user && user.email.toLowerCase() !== inv.email.toLowerCase();
    body = (
      <>
        <p>
          <strong>{inv.sender_name || inv.sender_email}</strong> invited <strong>{inv.email}</strong> to join <strong>{inv.organization_name}</strong> on Stint.
        </p>
        {answer.isSuccess ? (
          answer.variables?.answer === 'accept' ? (
            <div className="notice m-ok" role="status">
              <p>You joined {inv.organization_name}.</p>
              <Link className="btn btn-primary" to="/timer">Start tracking</Link>
            </div>
          ) : (
            <div className="notice" role="status"><p>You declined the invitation.</p><Link to="/timer">Go to Stint</Link></div>
          )
        ) : user ? (
          <>
            <p className="muted">You are logged in as {user.email}.</p>
            {otherAddress && (
              <p className="notice">
                The invitation is for {inv.email}. To accept it with that address,{' '}
                <button type="button" className="btn-link" onClick={() => logout.mutate()}>log out</button> and log in or sign up as {inv.email}.
              </p>
            )}
            {answer.isError && <ErrorMessage error={answer.error} title="That did not work" />}
            <div className="m-actions">
              <button type="button" className="btn btn-primary" disabled={answer.isPending} onClick={() => answer.mutate({ code, answer: 'accept' })}>Accept invitation</button>
              <button type="button" className="btn" disabled={answer.isPending} onClick={() => answer.mutate({ code, answer: 'reject' })}>Decline</button>
            </div>
          </>
        ) : (
          <>
            <p>To accept, sign up with {inv.email} or log in, and you will come back here.</p>
            <div className="m-actions">
              <button type="button" className="btn btn-primary" onClick={() => navigate('/signup', { state: { from: here, email: inv.email } })}>Sign up</button>
              <button type="button" className="btn" onClick={() => navigate('/login', { state: { from: here, email: inv.email } })}>Log in</button>
            </div>
          </>
        )}
      </>
    );
  }
  return (
    <main className="auth" id="main">
      <div className="auth-card m-invite">
        <Brand size={32} className="auth-brand" />
        <h1>Invitation</h1>
        {body}
      </div>
    </main>
  );
}
